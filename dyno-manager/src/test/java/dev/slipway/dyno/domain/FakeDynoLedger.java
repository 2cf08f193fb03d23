package dev.slipway.dyno.domain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The desired state and the dyno rows in memory, with the platform's log lines and the state
 * announcements the real {@link DynoStates} would put in the outbox, for tests to read back.
 */
final class FakeDynoLedger implements DynoLedger {
    /** One announced state change (DynoStateChanged). */
    record Announced(String name, UUID dynoId, String state) {}

    private final Map<UUID, AppRelease> releases = new HashMap<>();
    private final Map<UUID, List<FormationEntry>> formations = new HashMap<>();
    private final Map<UUID, Dyno> rows = new LinkedHashMap<>();
    private final List<String> lines = new ArrayList<>();
    private final List<Announced> announced = new ArrayList<>();

    synchronized void release(AppRelease release) {
        releases.put(release.appId(), release);
    }

    synchronized void formation(UUID appId, FormationEntry... entries) {
        formations.put(appId, List.of(entries));
    }

    synchronized void forget(UUID appId) {
        releases.remove(appId);
        formations.remove(appId);
    }

    /** The platform's lines, as {@code web.1: State changed from starting to up}. */
    synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    synchronized List<Announced> announced() {
        return List.copyOf(announced);
    }

    /** The row of a name; the newest when two share it. */
    synchronized Dyno row(UUID appId, String name) {
        return rows.values().stream().filter(d -> d.appId().equals(appId) && d.name().equals(name))
                .max(Comparator.comparing(Dyno::createdAt)).orElse(null);
    }

    @Override
    public synchronized AppState read(UUID appId) {
        return new AppState(releases.get(appId), formations.getOrDefault(appId, List.of()), dynos(appId));
    }

    @Override
    public synchronized List<Dyno> dynos(UUID appId) {
        return rows.values().stream().filter(d -> d.appId().equals(appId))
                .sorted(Comparator.comparing(Dyno::type).thenComparing(Dyno::name).thenComparing(Dyno::releaseVersion))
                .toList();
    }

    @Override
    public synchronized List<Dyno> all() {
        return List.copyOf(rows.values());
    }

    @Override
    public synchronized Set<UUID> knownApps() {
        Set<UUID> out = new LinkedHashSet<>(releases.keySet());
        out.addAll(formations.keySet());
        rows.values().forEach(d -> out.add(d.appId()));
        return out;
    }

    @Override
    public synchronized void insert(Dyno d) {
        rows.put(d.id(), d);
        announced.add(new Announced(d.name(), d.id(), d.state()));
    }

    @Override
    public synchronized void change(Dyno d, String from, String to, String... before) {
        Dyno row = rows.get(d.id());
        if (row != null) {
            rows.put(d.id(), row.withState(to, row.restarts()));
        }
        announced.add(new Announced(d.name(), d.id(), to));
        log(d, before);
        if (!from.equals(to)) {
            log(d, "State changed from " + from + " to " + to);
        }
    }

    @Override
    public synchronized void remove(Dyno d, String from, String... before) {
        gone(d, from, Dyno.DOWN, before);
    }

    @Override
    public synchronized void complete(Dyno d, String from, String... before) {
        gone(d, from, "complete", before);
    }

    private void gone(Dyno d, String from, String logged, String... before) {
        rows.remove(d.id());
        if (!Dyno.DOWN.equals(from)) {
            announced.add(new Announced(d.name(), d.id(), Dyno.DOWN));
        }
        log(d, before);
        if (!from.equals(logged)) {
            log(d, "State changed from " + from + " to " + logged);
        }
    }

    @Override
    public synchronized void restart(Dyno d, String from, int restarts) {
        Dyno row = rows.get(d.id());
        if (row != null) {
            rows.put(d.id(), new Dyno(row.id(), row.appId(), row.appName(), row.name(), row.type(), row.releaseId(),
                    row.releaseVersion(), Dyno.STARTING, row.host(), null, null, row.command(), row.size(), restarts,
                    row.createdAt(), row.updatedAt()));
        }
        announced.add(new Announced(d.name(), d.id(), Dyno.STARTING));
        if (!from.equals(Dyno.STARTING)) {
            log(d, "State changed from " + from + " to " + Dyno.STARTING);
        }
    }

    @Override
    public synchronized void launched(Dyno d) {
        Dyno row = rows.get(d.id());
        if (row != null) {
            rows.put(d.id(), row.withLaunch(d.pid(), d.host(), d.port()));
        }
    }

    @Override
    public synchronized void log(Dyno d, String... messages) {
        for (String m : messages) {
            lines.add(d.name() + ": " + m);
        }
    }
}
