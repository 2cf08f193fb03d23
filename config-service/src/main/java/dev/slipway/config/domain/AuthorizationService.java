package dev.slipway.config.domain;

import dev.slipway.config.persistence.AuthorizationRepository;
import dev.slipway.events.ApiKeyIssued;
import dev.slipway.events.ApiKeyRevoked;
import dev.slipway.kit.ApiKeys;
import dev.slipway.kit.Caller;
import dev.slipway.kit.Db;
import dev.slipway.kit.HerokuError;
import dev.slipway.kit.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * A user's own API keys, as Heroku's OAuth authorizations ({@code heroku authorizations:*}). A key
 * is shown once, when it is made; revoking it publishes {@link ApiKeyRevoked}, and every service's
 * access directory forgets the hash.
 */
@ApplicationScoped
public class AuthorizationService {
    /** Heroku's longest expires_in: one year. */
    static final long MAX_EXPIRES_IN = 31_536_000L;
    private static final int MAX_DESCRIPTION = 255;

    private final Db db;
    private final Outbox outbox;
    private final AuthorizationRepository authorizations;

    AuthorizationService(Db db, Outbox outbox, AuthorizationRepository authorizations) {
        this.db = db;
        this.outbox = outbox;
        this.authorizations = authorizations;
    }

    public record Created(Authorization authorization, String apiKey) {}

    public Created create(Caller caller, String description, Long expiresIn) {
        String text = description == null ? "" : description.strip();
        if (text.length() > MAX_DESCRIPTION) {
            throw HerokuError.invalidParams("Description must be at most " + MAX_DESCRIPTION + " characters.");
        }
        if (expiresIn != null && (expiresIn < 1 || expiresIn > MAX_EXPIRES_IN)) {
            throw HerokuError.invalidParams("expires_in must be between 1 and " + MAX_EXPIRES_IN + " seconds.");
        }
        Instant expiresAt = expiresIn == null ? null
                : Instant.now().plusSeconds(expiresIn).truncatedTo(ChronoUnit.MICROS);
        String key = AccountService.newKey();
        String hash = ApiKeys.hash(key);
        Authorization created = db.inTransaction(tx -> {
            Authorization a = authorizations.insert(tx, hash, caller.accountId(), text, expiresAt);
            outbox.publish(tx, new ApiKeyIssued(caller.accountId(), caller.email(), hash, caller.admin(), a.expiresAt()));
            return a;
        });
        return new Created(created, key);
    }

    public List<Authorization> list(Caller caller) {
        return db.read(c -> authorizations.list(c, caller.accountId()));
    }

    public Authorization get(Caller caller, String id) {
        UUID uuid = requireId(id);
        Authorization found = db.read(c -> authorizations.find(c, caller.accountId(), uuid, false));
        if (found == null) {
            throw notFound();
        }
        return found;
    }

    /** Revokes one of the caller's keys (the one in use too); other accounts' keys are not found. */
    public Authorization revoke(Caller caller, String id) {
        UUID uuid = requireId(id);
        return db.inTransaction(tx -> {
            Authorization found = authorizations.find(tx, caller.accountId(), uuid, true);
            if (found == null) {
                throw notFound();
            }
            authorizations.revoke(tx, uuid);
            outbox.publish(tx, new ApiKeyRevoked(found.accountId(), authorizations.keyHash(tx, uuid)));
            return found;
        });
    }

    private static UUID requireId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw notFound();
        }
    }

    private static HerokuError notFound() {
        return HerokuError.notFound("Couldn't find that authorization.");
    }
}
