package dev.slipway.release.domain;

import dev.slipway.events.FormationChanged;
import dev.slipway.kit.Db;
import dev.slipway.kit.HerokuError;
import dev.slipway.kit.Outbox;
import dev.slipway.release.persistence.AppRepository;
import dev.slipway.release.persistence.FormationRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The desired formation. Rows follow the current release's process types: a release adds the
 * missing ones (at 0, or web at 1 on the first deploy) and drops the ones it no longer has.
 */
@ApplicationScoped
public class FormationService {
    private final Db db;
    private final AppRepository apps;
    private final FormationRepository formations;
    private final Outbox outbox;

    FormationService(Db db, AppRepository apps, FormationRepository formations, Outbox outbox) {
        this.db = db;
        this.apps = apps;
        this.formations = formations;
        this.outbox = outbox;
    }

    /** Called in the transaction that made a release, with the app's row locked. */
    void syncWithRelease(Connection tx, UUID appId, Set<String> types, boolean firstDeploy, Instant now)
            throws SQLException {
        Map<String, Formation> existing = byType(formations.list(tx, appId));
        // the release command runs once per release (dyno-manager's release.N), never as a formation
        types = new TreeSet<>(types);
        types.remove(dev.slipway.events.ReleaseCreated.RELEASE_PROCESS_TYPE);
        boolean changed = false;
        for (String type : new TreeSet<>(types)) {
            if (!existing.containsKey(type)) {
                int quantity = firstDeploy && type.equals("web") ? 1 : 0;
                formations.insert(tx, new Formation(UUID.randomUUID(), appId, type, quantity, DynoSize.DEFAULT, now, now));
                changed = true;
            }
        }
        for (String type : existing.keySet()) {
            if (!types.contains(type)) {
                formations.delete(tx, appId, type);
                changed = true;
            }
        }
        if (changed) {
            publish(tx, appId);
        }
    }

    public List<Formation> list(UUID appId) {
        return db.read(c -> formations.list(c, appId));
    }

    public Formation find(UUID appId, String type) {
        Formation f = byType(list(appId)).get(type);
        if (f == null) {
            throw unknownType(type);
        }
        return f;
    }

    /** Applies all updates or none; returns the updated process types' formation. */
    public List<Formation> update(UUID appId, List<FormationUpdate> updates) {
        if (updates == null || updates.isEmpty()) {
            throw HerokuError.invalidParams("No formation updates were given.");
        }
        return db.inTransaction(tx -> {
            apps.lock(tx, appId);
            Map<String, Formation> current = byType(formations.list(tx, appId));
            Map<String, Formation> wanted = new LinkedHashMap<>(current);
            Set<String> named = new LinkedHashSet<>();
            for (FormationUpdate u : updates) {
                Formation f = wanted.get(u.type());
                if (f == null) {
                    throw unknownType(u.type());
                }
                wanted.put(u.type(), apply(f, u));
                named.add(u.type());
            }
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            boolean changed = false;
            for (String type : named) {
                Formation before = current.get(type);
                Formation after = wanted.get(type);
                if (before.quantity() != after.quantity() || !before.size().equals(after.size())) {
                    formations.update(tx, appId, type, after.quantity(), after.size(), now);
                    changed = true;
                }
            }
            if (changed) {
                publish(tx, appId);
            }
            Map<String, Formation> stored = byType(formations.list(tx, appId));
            return named.stream().map(stored::get).toList();
        });
    }

    private static Formation apply(Formation f, FormationUpdate u) {
        String size = f.size();
        if (u.size() != null) {
            size = DynoSize.normalise(u.size()).orElseThrow(() -> HerokuError.invalidParams(
                    "Size must be one of: " + String.join(", ", DynoSize.ALL) + "."));
        }
        long quantity = f.quantity();
        if (u.quantity() != null) {
            quantity = u.relative() ? quantity + u.quantity() : u.quantity();
        }
        if (quantity < 0 || quantity > DynoSize.MAX_QUANTITY) {
            throw HerokuError.invalidParams("Quantity must be an integer between 0 and " + DynoSize.MAX_QUANTITY + ".");
        }
        if (quantity > DynoSize.maxQuantity(size)) {
            throw HerokuError.invalidParams("Cannot update to more than " + DynoSize.maxQuantity(size) + " "
                    + Character.toUpperCase(size.charAt(0)) + size.substring(1) + " size dynos per process type.");
        }
        return new Formation(f.id(), f.appId(), f.type(), (int) quantity, size, f.createdAt(), f.updatedAt());
    }

    private void publish(Connection tx, UUID appId) throws SQLException {
        List<FormationChanged.Process> processes = new ArrayList<>();
        for (Formation f : formations.list(tx, appId)) {
            processes.add(new FormationChanged.Process(f.type(), f.quantity(), f.size()));
        }
        outbox.publish(tx, new FormationChanged(appId, processes));
    }

    private static Map<String, Formation> byType(List<Formation> list) {
        Map<String, Formation> map = new LinkedHashMap<>();
        list.forEach(f -> map.put(f.type(), f));
        return map;
    }

    private static HerokuError unknownType(String type) {
        return HerokuError.notFound("Couldn't find that process type (" + type + ").");
    }
}
