package dev.slipway.dyno.domain;

import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * What the lifecycle reads and records: the desired state as release-service announced it, the
 * dyno rows, and every change of a row with its announcement and its {@code heroku[web.1]} lines.
 * {@link DynoStates} keeps it in PostgreSQL and the outbox; fast tests keep it in memory.
 */
public interface DynoLedger {

    /** The release, formation and dynos of an app, read together. */
    AppState read(UUID appId);

    List<Dyno> dynos(UUID appId);

    /** Every dyno row, of every app (a restarted platform's stale rows). */
    List<Dyno> all();

    /** Every app with desired state or dynos. */
    Set<UUID> knownApps();

    void insert(Dyno d);

    /** Moves the dyno from {@code from} to {@code to}, logging {@code before} and then the state change. */
    void change(Dyno d, String from, String to, String... before);

    /** The dyno is gone for good: announced as down, then its row is deleted. */
    void remove(Dyno d, String from, String... before);

    /** A one-off dyno whose command ended ({@code State changed from up to complete}). */
    void complete(Dyno d, String from, String... before);

    /** The same dyno starts again (after a crash, a stop or a platform restart). */
    void restart(Dyno d, String from, int restarts);

    /** Records the process a launch gave the dyno: pid, host and port. */
    void launched(Dyno d);

    /** The platform's lines about the dyno ({@code heroku[web.1]: ...}). */
    void log(Dyno d, String... messages);

    /** An app's desired and actual state at one moment; release null when there is none. */
    record AppState(AppRelease release, List<FormationEntry> formation, List<Dyno> dynos) {}
}
