package dev.slipway.config.domain;

import dev.slipway.config.persistence.AppRepository;
import dev.slipway.config.persistence.ConfigVarRepository;
import dev.slipway.events.AddonAttached;
import dev.slipway.events.AddonDetached;
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
import java.util.Set;
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

    /**
     * An add-on's attachment (AddonAttached): its var becomes the add-on's own, as a new config
     * version whose release says "Attach DATABASE (postgresql-shaped-12345)". A redelivery finds the
     * var as it is and changes nothing.
     */
    public void attach(Connection tx, AddonAttached e) throws SQLException {
        App app = apps.find(tx, e.appId().toString(), true);
        if (app == null) {
            return;
        }
        SortedMap<String, String> after = vars.all(tx, app.id());
        if (e.url().equals(after.get(e.configVar()))
                && e.addonName().equals(vars.addonOwned(tx, app.id()).get(e.configVar()))) {
            return;
        }
        vars.putOwned(tx, app.id(), e.configVar(), e.url(), e.addonId(), e.addonName());
        after.put(e.configVar(), e.url());
        long version = apps.bumpConfigVersion(tx, app.id());
        outbox.publish(tx, new ConfigVarsChanged(app.id(), version, after, null,
                "Attach " + e.attachmentName() + " (" + e.addonName() + ")"));
    }

    /** The add-on is gone (AddonDetached): its var goes, with a release "Detach DATABASE (postgresql-shaped-12345)". */
    public void detach(Connection tx, AddonDetached e) throws SQLException {
        App app = apps.find(tx, e.appId().toString(), true);
        if (app == null || !vars.removeOwned(tx, app.id(), e.configVar(), e.addonId())) {
            return;
        }
        long version = apps.bumpConfigVersion(tx, app.id());
        outbox.publish(tx, new ConfigVarsChanged(app.id(), version, vars.all(tx, app.id()), null,
                "Detach " + e.attachmentName() + " (" + e.addonName() + ")"));
    }

    /**
     * A rollback's config vars become the app's own again, as a new config version; but not the
     * add-ons' vars: a rollback does not bring back or take away an add-on (Heroku's rule), so those
     * keep their current values.
     */
    public void restore(Connection tx, UUID appId, Map<String, String> rolledBack) throws SQLException {
        App app = apps.find(tx, appId.toString(), true);
        if (app == null) {
            return;
        }
        SortedMap<String, String> before = vars.all(tx, app.id());
        Set<String> owned = vars.addonOwned(tx, app.id()).keySet();
        Map<String, String> restored = new TreeMap<>(rolledBack);
        restored.keySet().removeAll(owned);
        for (String name : owned) {
            restored.put(name, before.get(name));
        }
        if (before.equals(new TreeMap<>(restored))) {
            return;
        }
        for (String name : before.keySet()) {
            if (!restored.containsKey(name)) {
                vars.remove(tx, app.id(), name);
            }
        }
        for (var entry : restored.entrySet()) {
            if (!owned.contains(entry.getKey())) {
                vars.put(tx, app.id(), entry.getKey(), entry.getValue());
            }
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
            requireNotAddonOwned(vars.addonOwned(tx, app.id()), changes);
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

    /** An add-on's var (DATABASE_URL) is the add-on's to set and remove: a user's PATCH of it is 422. */
    private static void requireNotAddonOwned(Map<String, String> owned, Map<String, String> changes) {
        for (String name : changes.keySet()) {
            if (owned.containsKey(name)) {
                throw HerokuError.invalidParams(name + " is managed by the add-on " + owned.get(name) + " and cannot be"
                        + " set or unset by hand. Destroy the add-on (heroku addons:destroy " + owned.get(name)
                        + ") to remove it.");
            }
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
