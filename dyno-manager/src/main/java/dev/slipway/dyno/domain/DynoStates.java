package dev.slipway.dyno.domain;

import dev.slipway.dyno.persistence.DesiredStateRepository;
import dev.slipway.dyno.persistence.DynoRepository;
import dev.slipway.events.DynoStateChanged;
import dev.slipway.events.LogLine;
import dev.slipway.kit.Db;
import dev.slipway.kit.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Every change of a dyno's row goes through here: the row, its DynoStateChanged (which the router
 * routes on) and the platform's {@code heroku[web.1]} log lines (LogLine, which reach the app's
 * log through slipway.logs like every other line) commit in one transaction.
 */
@ApplicationScoped
public class DynoStates implements DynoLedger {
    private final Db db;
    private final Outbox outbox;
    private final DynoRepository dynos;
    private final DesiredStateRepository desired;
    private final InstantSource clock;

    DynoStates(Db db, Outbox outbox, DynoRepository dynos, DesiredStateRepository desired, InstantSource clock) {
        this.db = db;
        this.outbox = outbox;
        this.dynos = dynos;
        this.desired = desired;
        this.clock = clock;
    }

    @Override
    public AppState read(UUID appId) {
        return db.read(c -> new AppState(desired.release(c, appId), desired.formation(c, appId), dynos.list(c, appId)));
    }

    @Override
    public List<Dyno> dynos(UUID appId) {
        return db.read(c -> dynos.list(c, appId));
    }

    @Override
    public List<Dyno> all() {
        return db.read(dynos::all);
    }

    @Override
    public Set<UUID> knownApps() {
        return db.read(desired::knownApps);
    }

    @Override
    public void insert(Dyno d) {
        db.inTransaction(tx -> {
            dynos.insert(tx, d);
            announce(tx, d, d.state());
            return null;
        });
    }

    @Override
    public void change(Dyno d, String from, String to, String... before) {
        db.inTransaction(tx -> {
            dynos.updateState(tx, d.id(), to);
            announce(tx, d, to);
            log(tx, d, lines(before, from, to));
            return null;
        });
    }

    @Override
    public void remove(Dyno d, String from, String... before) {
        remove(d, from, Dyno.DOWN, before);
    }

    /**
     * A one-off dyno whose command ended: gone, logged as Heroku does ({@code State changed from up
     * to complete}), announced as down.
     */
    @Override
    public void complete(Dyno d, String from, String... before) {
        remove(d, from, "complete", before);
    }

    private void remove(Dyno d, String from, String logged, String... before) {
        db.inTransaction(tx -> {
            dynos.delete(tx, d.id());
            if (!Dyno.DOWN.equals(from)) {
                announce(tx, d, Dyno.DOWN);
            }
            log(tx, d, lines(before, from, logged));
            return null;
        });
    }

    @Override
    public void restart(Dyno d, String from, int restarts) {
        db.inTransaction(tx -> {
            dynos.restart(tx, d.id(), restarts);
            // the port of the previous process means nothing any more
            announce(tx, d.withLaunch(0, d.host(), 0), Dyno.STARTING);
            log(tx, d, lines(new String[0], from, Dyno.STARTING));
            return null;
        });
    }

    @Override
    public void launched(Dyno d) {
        db.inTransaction(tx -> {
            dynos.launched(tx, d.id(), d.pid(), d.host(), d.port());
            return null;
        });
    }

    @Override
    public void log(Dyno d, String... messages) {
        db.inTransaction(tx -> {
            log(tx, d, List.of(messages));
            return null;
        });
    }

    private void announce(Connection tx, Dyno d, String state) throws SQLException {
        outbox.publish(tx, new DynoStateChanged(d.appId(), d.id(), d.name(), d.type(), d.releaseVersion(), state,
                d.host(), d.port() == null ? 0 : d.port()));
    }

    private void log(Connection tx, Dyno d, List<String> messages) throws SQLException {
        Instant now = clock.instant();
        for (String m : messages) {
            outbox.publish(tx, new LogLine(d.appId(), now, "heroku", d.name(), m));
        }
    }

    private static List<String> lines(String[] before, String from, String to) {
        List<String> out = new ArrayList<>(List.of(before));
        if (!from.equals(to)) {
            out.add("State changed from " + from + " to " + to);
        }
        return out;
    }
}
