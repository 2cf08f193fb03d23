package dev.slipway.config.domain;

import dev.slipway.config.persistence.AccountRepository;
import dev.slipway.config.persistence.AppRepository;
import dev.slipway.config.persistence.CollaboratorRepository;
import dev.slipway.events.CollaboratorAdded;
import dev.slipway.events.CollaboratorRemoved;
import dev.slipway.kit.Caller;
import dev.slipway.kit.Db;
import dev.slipway.kit.HerokuError;
import dev.slipway.kit.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * An app's collaborators. Anyone with access may list them; only the owner (or an admin) adds and
 * removes them, except that a collaborator may remove themselves ({@code heroku apps:leave}).
 */
@ApplicationScoped
public class CollaboratorService {
    private final Db db;
    private final Outbox outbox;
    private final AppService appService;
    private final AccountRepository accounts;
    private final CollaboratorRepository collaborators;

    CollaboratorService(Db db, Outbox outbox, AppService appService, AccountRepository accounts,
                        CollaboratorRepository collaborators) {
        this.db = db;
        this.outbox = outbox;
        this.appService = appService;
        this.accounts = accounts;
        this.collaborators = collaborators;
    }

    public record Listing(App app, List<Collaborator> collaborators) {}

    public Listing list(Caller caller, String idOrName) {
        App app = appService.get(caller, idOrName);
        return new Listing(app, db.read(c -> collaborators.list(c, app.id())));
    }

    /** One collaborator by id, account id or email. */
    public Collaborator get(Caller caller, String idOrName, String who) {
        App app = appService.get(caller, idOrName);
        Collaborator found = db.read(c -> collaborators.find(c, app.id(), who));
        if (found == null) {
            throw notFound();
        }
        return found;
    }

    /** Adds the account with this email (or id); Slipway has no invitations, so it must exist. */
    public Collaborator add(Caller caller, String idOrName, String user) {
        if (user == null || user.isBlank()) {
            throw HerokuError.invalidParams("The field user must be the email or id of an account.");
        }
        return db.inTransaction(tx -> {
            App app = appService.lockAsOwner(tx, caller, idOrName, "add collaborators");
            UUID id = AppRepository.parseUuid(user.trim());
            Account account = id != null ? accounts.findById(tx, id)
                    : accounts.findByEmail(tx, user.trim().toLowerCase(Locale.ROOT));
            if (account == null) {
                throw HerokuError.notFound("Couldn't find that user.");
            }
            if (account.id().equals(app.ownerId())) {
                throw HerokuError.invalidParams(account.email() + " is already the owner of " + app.name() + ".");
            }
            Collaborator added = collaborators.insert(tx, app.id(), account.id());
            if (added == null) {
                throw HerokuError.invalidParams(account.email() + " is already a collaborator on " + app.name() + ".");
            }
            outbox.publish(tx, new CollaboratorAdded(app.id(), added.id(), account.id(), account.email()));
            return added;
        });
    }

    public Collaborator remove(Caller caller, String idOrName, String who) {
        return db.inTransaction(tx -> {
            App app = appService.lock(tx, caller, idOrName);
            Collaborator found = collaborators.find(tx, app.id(), who);
            if (found == null) {
                if (isOwner(app, who)) {
                    throw HerokuError.invalidParams("The owner cannot be removed from " + app.name() + ".");
                }
                throw notFound();
            }
            if (!found.accountId().equals(caller.accountId())) {
                appService.lockAsOwner(tx, caller, app.id().toString(), "remove collaborators");
            }
            collaborators.delete(tx, found.id());
            outbox.publish(tx, new CollaboratorRemoved(app.id(), found.id(), found.accountId(), found.email()));
            return found;
        });
    }

    private static boolean isOwner(App app, String who) {
        return who.equalsIgnoreCase(app.ownerEmail()) || who.equalsIgnoreCase(app.ownerId().toString());
    }

    private static HerokuError notFound() {
        return HerokuError.notFound("Couldn't find that collaborator.");
    }
}
