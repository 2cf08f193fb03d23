package dev.slipway.config.domain;

import dev.slipway.config.persistence.AccountRepository;
import dev.slipway.events.ApiKeyIssued;
import dev.slipway.kit.ApiKeys;
import dev.slipway.kit.Caller;
import dev.slipway.kit.Db;
import dev.slipway.kit.HerokuError;
import dev.slipway.kit.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Accounts and API keys. config-service is the source of truth for access, so it checks keys
 * against its own tables rather than the kit's replicated copy, which lags behind by an event.
 */
@ApplicationScoped
public class AccountService {
    public static final String ADMIN_EMAIL = "admin@slipway.local";
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.?[^@\\s]*$");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Db db;
    private final Outbox outbox;
    private final AccountRepository accounts;

    AccountService(Db db, Outbox outbox, AccountRepository accounts) {
        this.db = db;
        this.outbox = outbox;
        this.accounts = accounts;
    }

    /** The caller behind an {@code Authorization} header, or 401. */
    public Caller authenticate(String authorization) {
        String key = ApiKeys.fromAuthorization(authorization);
        if (key == null) {
            throw HerokuError.unauthorized();
        }
        Account account = db.read(c -> accounts.findByKeyHash(c, ApiKeys.hash(key)));
        if (account == null) {
            throw HerokuError.unauthorized();
        }
        return new Caller(account.id(), account.email(), account.admin());
    }

    public Account account(Caller caller) {
        Account account = db.read(c -> accounts.findById(c, caller.accountId()));
        if (account == null) {
            throw HerokuError.unauthorized();
        }
        return account;
    }

    public record IssuedKey(Account account, String apiKey) {}

    /** Admins only: the account with this email (created when missing) and a fresh key for it. */
    public IssuedKey issueKey(Caller caller, String rawEmail, boolean admin) {
        if (!caller.admin()) {
            throw HerokuError.forbidden("Only an admin may create accounts.");
        }
        if (rawEmail == null || rawEmail.length() > 254 || !EMAIL.matcher(rawEmail.trim()).matches()) {
            throw HerokuError.invalidParams("Email must be a valid email address.");
        }
        String email = rawEmail.trim().toLowerCase(Locale.ROOT);
        String key = newKey();
        String hash = ApiKeys.hash(key);
        Account account = db.inTransaction(tx -> {
            Account a = accounts.ensure(tx, email, admin);
            accounts.insertKey(tx, hash, a.id(), "Issued by " + caller.email());
            outbox.publish(tx, new ApiKeyIssued(a.id(), a.email(), hash, a.admin()));
            return a;
        });
        return new IssuedKey(account, key);
    }

    /** A fresh random key; only its hash is ever stored. */
    static String newKey() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return "slw_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * Makes sure the configured admin key exists. A hash already stored means an earlier start
     * did this, so nothing is published again; the insert's conflict check covers two starts racing.
     */
    public boolean ensureAdminKey(String key) {
        String hash = ApiKeys.hash(key);
        return db.inTransaction(tx -> {
            if (accounts.keyKnown(tx, hash)) {
                return false;
            }
            Account admin = accounts.ensure(tx, ADMIN_EMAIL, true);
            if (!accounts.insertKey(tx, hash, admin.id(), "SLIPWAY_ADMIN_API_KEY")) {
                return false;
            }
            outbox.publish(tx, new ApiKeyIssued(admin.id(), admin.email(), hash, true));
            return true;
        });
    }
}
