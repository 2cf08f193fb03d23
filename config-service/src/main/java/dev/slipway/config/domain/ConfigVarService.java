package dev.slipway.config.domain;

import dev.slipway.config.persistence.AppRepository;
import dev.slipway.config.persistence.ConfigVarRepository;
import dev.slipway.events.ConfigVarsChanged;
import dev.slipway.kit.Caller;
import dev.slipway.kit.Db;
import dev.slipway.kit.HerokuError;
import dev.slipway.kit.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Config vars. A change that changes something bumps the app's config version and carries the
 * whole new map in {@link ConfigVarsChanged}, so release-service snapshots it without a call.
 */
@ApplicationScoped
public class ConfigVarService {
    private static final Pattern NAME = Pattern.compile("^[A-Za-z_][A-Za-z0-9_]*$");
    /** Heroku's limit on an app's config vars, names and values together. */
    static final int MAX_TOTAL_BYTES = 32 * 1024;
    private static final Logger LOG = Logger.getLogger(ConfigVarService.class);

    private final Db db;
    private final Outbox outbox;
    private final AppService appService;
    private final AppRepository apps;
    private final ConfigVarRepository vars;
    private final ReleaseWaiters waiters;
    private final Duration releaseWait;

    /** @param releaseWait how long a config PATCH waits for its release (release-service takes milliseconds) */
    ConfigVarService(Db db, Outbox outbox, AppService appService, AppRepository apps, ConfigVarRepository vars,
                     ReleaseWaiters waiters,
                     @ConfigProperty(name = "slipway.config.release-wait", defaultValue = "5s") Duration releaseWait) {
        this.releaseWait = releaseWait;
        this.db = db;
        this.outbox = outbox;
        this.appService = appService;
        this.apps = apps;
        this.vars = vars;
        this.waiters = waiters;
    }

    public SortedMap<String, String> get(Caller caller, String idOrName) {
        App app = appService.get(caller, idOrName);
        return db.read(c -> vars.all(c, app.id()));
    }

    /**
     * Applies the changes (a null value unsets) and returns the full map afterwards, once
     * release-service has made the release for it (or {@code slipway.config.release-wait} went by).
     */
    public SortedMap<String, String> update(Caller caller, String idOrName, Map<String, String> changes) {
        Change change = apply(caller, idOrName, changes);
        if (change.version() > 0 && !waiters.await(change.appId(), change.version(), releaseWait.toMillis())) {
            LOG.warnf("config version %d of app %s: no release within %s; answering anyway", change.version(),
                    change.appId(), releaseWait);
        }
        return change.vars();
    }

    /** A rollback's config vars become the app's own again, as a new config version. */
    public void restore(Connection tx, UUID appId, Map<String, String> restored) throws SQLException {
        App app = apps.find(tx, appId.toString(), true);
        if (app == null) {
            return;
        }
        SortedMap<String, String> before = vars.all(tx, app.id());
        if (before.equals(new TreeMap<>(restored))) {
            return;
        }
        for (String name : before.keySet()) {
            if (!restored.containsKey(name)) {
                vars.remove(tx, app.id(), name);
            }
        }
        for (var entry : restored.entrySet()) {
            vars.put(tx, app.id(), entry.getKey(), entry.getValue());
        }
        long version = apps.bumpConfigVersion(tx, app.id());
        outbox.publish(tx, new ConfigVarsChanged(app.id(), version, new TreeMap<>(restored), null));
    }

    /** version 0: nothing changed, so no release is coming. */
    private record Change(UUID appId, long version, SortedMap<String, String> vars) {}

    private Change apply(Caller caller, String idOrName, Map<String, String> changes) {
        changes.keySet().forEach(ConfigVarService::requireValidName);
        return db.inTransaction(tx -> {
            App app = appService.lock(tx, caller, idOrName);
            SortedMap<String, String> before = vars.all(tx, app.id());
            SortedMap<String, String> after = new TreeMap<>(before);
            changes.forEach((name, value) -> {
                if (value == null) {
                    after.remove(name);
                } else {
                    after.put(name, value);
                }
            });
            if (after.equals(before)) {
                return new Change(app.id(), 0, before);
            }
            requireWithinLimit(after);
            for (var change : changes.entrySet()) {
                if (change.getValue() == null) {
                    vars.remove(tx, app.id(), change.getKey());
                } else {
                    vars.put(tx, app.id(), change.getKey(), change.getValue());
                }
            }
            long version = apps.bumpConfigVersion(tx, app.id());
            outbox.publish(tx, new ConfigVarsChanged(app.id(), version, after, caller.email()));
            return new Change(app.id(), version, after);
        });
    }

    /**
     * PORT is refused: the dyno manager gives every web dyno its own PORT, and a user's value
     * would make the app listen where the router does not look.
     */
    static void requireValidName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw HerokuError.invalidParams("Config var names must start with a letter or underscore and contain only"
                    + " letters, digits and underscores: " + name);
        }
        if (name.equals("PORT")) {
            throw HerokuError.invalidParams("PORT is set by the platform for each dyno and cannot be set as a config var.");
        }
    }

    private static void requireWithinLimit(Map<String, String> all) {
        long size = 0;
        for (var e : all.entrySet()) {
            size += e.getKey().getBytes(StandardCharsets.UTF_8).length + e.getValue().getBytes(StandardCharsets.UTF_8).length;
        }
        if (size > MAX_TOTAL_BYTES) {
            throw HerokuError.invalidParams("Config vars are limited to " + MAX_TOTAL_BYTES + " bytes in total.");
        }
    }
}
