package dev.slipway.config.domain;

import dev.slipway.config.persistence.AppRepository;
import dev.slipway.config.persistence.DomainRepository;
import dev.slipway.events.AppCreated;
import dev.slipway.events.AppDeleted;
import dev.slipway.events.AppUpdated;
import dev.slipway.events.DomainRemoved;
import dev.slipway.kit.Caller;
import dev.slipway.kit.Db;
import dev.slipway.kit.HerokuError;
import dev.slipway.kit.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Apps: every change is written with its event in one transaction. */
@ApplicationScoped
public class AppService {
    private static final String UNIQUE_VIOLATION = "23505";
    private static final int RANDOM_NAME_ATTEMPTS = 20;

    private final Db db;
    private final Outbox outbox;
    private final AppRepository apps;
    private final DomainRepository domains;
    private final AppAccess access;

    AppService(Db db, Outbox outbox, AppRepository apps, DomainRepository domains, AppAccess access) {
        this.db = db;
        this.outbox = outbox;
        this.apps = apps;
        this.domains = domains;
        this.access = access;
    }

    /** Creates an app named {@code name}, or with a generated free name when it is null. */
    public App create(Caller caller, String name) {
        if (name != null) {
            AppNames.requireValid(name);
            return insert(caller, name).orElseThrow(() -> AppNames.taken(name));
        }
        for (int i = 0; i < RANDOM_NAME_ATTEMPTS; i++) {
            var app = insert(caller, AppNames.random());
            if (app.isPresent()) {
                return app.get();
            }
        }
        throw HerokuError.unavailable("Could not find a free app name; please name the app.");
    }

    /** Empty when the name is taken: the unique constraint, not a pre-check, decides races. */
    private Optional<App> insert(Caller caller, String name) {
        UUID id = UUID.randomUUID();
        try {
            return Optional.of(db.inTransaction(tx -> {
                apps.insert(tx, id, name, caller.accountId());
                App app = apps.find(tx, id.toString(), false);
                outbox.publish(tx, new AppCreated(app.id(), app.name(), app.ownerId(), app.ownerEmail(), app.createdAt()));
                return app;
            }));
        } catch (Db.DbException e) {
            if (UNIQUE_VIOLATION.equals(e.sqlState())) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** {@code GET /apps}: every app for an admin, else the apps the caller owns or collaborates on. */
    public List<App> list(Caller caller) {
        return caller.admin() ? db.read(c -> apps.list(c, null)) : listOwnedOrShared(caller);
    }

    /** {@code GET /users/~/apps}: the apps the caller owns or collaborates on, admin or not. */
    public List<App> listOwnedOrShared(Caller caller) {
        return db.read(c -> apps.list(c, caller.accountId()));
    }

    public App get(Caller caller, String idOrName) {
        return db.read(c -> access.use(c, caller, apps.find(c, idOrName, false)));
    }

    /** The app locked for the rest of the transaction, if the caller may change it. */
    App lock(Connection tx, Caller caller, String idOrName) throws SQLException {
        return access.use(tx, caller, apps.find(tx, idOrName, true));
    }

    /** The app locked for the rest of the transaction, if the caller owns it (or is an admin). */
    App lockAsOwner(Connection tx, Caller caller, String idOrName, String action) throws SQLException {
        return access.own(tx, caller, apps.find(tx, idOrName, true), action);
    }

    /** Renames and/or toggles maintenance; a null argument leaves that field as it is. */
    public App update(Caller caller, String idOrName, String newName, Boolean maintenance) {
        if (newName != null) {
            AppNames.requireValid(newName);
        }
        try {
            return db.inTransaction(tx -> {
                App app = lock(tx, caller, idOrName);
                if (newName != null && !newName.equals(app.name())) {
                    access.own(tx, caller, app, "rename it");
                }
                String name = newName != null ? newName : app.name();
                boolean mode = maintenance != null ? maintenance : app.maintenance();
                return save(tx, app, name, mode, app.buildpacks());
            });
        } catch (Db.DbException e) {
            if (UNIQUE_VIOLATION.equals(e.sqlState())) {
                throw AppNames.taken(newName);
            }
            throw e;
        }
    }

    public App setBuildpacks(Caller caller, String idOrName, List<String> buildpacks) {
        return db.inTransaction(tx -> {
            App app = lock(tx, caller, idOrName);
            return save(tx, app, app.name(), app.maintenance(), buildpacks);
        });
    }

    /** Writes the new state and announces it, unless nothing changed. */
    private App save(Connection tx, App app, String name, boolean maintenance, List<String> buildpacks) throws SQLException {
        if (app.name().equals(name) && app.maintenance() == maintenance && app.buildpacks().equals(buildpacks)) {
            return app;
        }
        apps.update(tx, app.id(), name, maintenance, buildpacks);
        outbox.publish(tx, new AppUpdated(app.id(), name, maintenance, buildpacks));
        return apps.find(tx, app.id().toString(), false);
    }

    /**
     * Deletes the app with its config vars and domains. Each custom domain is announced as removed
     * before the app itself, so a consumer that only tracks hostnames needs no special case.
     */
    public App delete(Caller caller, String idOrName) {
        return db.inTransaction(tx -> {
            App app = lockAsOwner(tx, caller, idOrName, "destroy it");
            for (CustomDomain domain : domains.list(tx, app.id())) {
                outbox.publish(tx, new DomainRemoved(app.id(), domain.hostname()));
            }
            apps.delete(tx, app.id());
            outbox.publish(tx, new AppDeleted(app.id(), app.name()));
            return app;
        });
    }
}
