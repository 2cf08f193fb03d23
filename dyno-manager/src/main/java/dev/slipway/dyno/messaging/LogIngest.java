package dev.slipway.dyno.messaging;

import dev.slipway.dyno.domain.LiveTails;
import dev.slipway.dyno.domain.LogText;
import dev.slipway.dyno.domain.StoredLine;
import dev.slipway.dyno.persistence.LogLineRepository;
import dev.slipway.events.BuildFailed;
import dev.slipway.events.BuildStarted;
import dev.slipway.events.EventEnvelope;
import dev.slipway.events.LogLine;
import dev.slipway.events.LogLines;
import dev.slipway.events.SlugBuilt;
import dev.slipway.events.Topics;
import dev.slipway.kit.Db;
import dev.slipway.kit.EventConsumerLoop;
import dev.slipway.kit.EventHandler;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Fills the apps' logs for {@code heroku logs}: every {@code LogLine} (the dynos' own output and
 * {@code heroku[web.1]} lines, the release lines DynoEventHandler writes), every line of a
 * {@code LogLines} (the router's {@code heroku[router]} lines, many to a record, all stored in that
 * record's one transaction), plus the {@code app[api]} lines derived from builds. A consumer loop
 * of its own (group {@code dyno-manager-logs}), so that a flood of log lines never delays a release
 * or a scale on the service's main consumer; still the kit's idempotent loop, so a redelivered
 * record is stored once.
 * The one thread of this loop is the only writer of {@code log_line}, so ids follow arrival order.
 * Text is made storable here too (NUL escaped, names bounded): lines from other producers, or
 * already on the topic, must not stop ingest for every app.
 */
@ApplicationScoped
public class LogIngest implements AutoCloseable {
    static final String GROUP = "dyno-manager-logs";
    private static final Logger LOG = Logger.getLogger(LogIngest.class);
    /** Pruning every line would scan 1,500 index entries per insert; every 100th keeps it cheap. */
    private static final int PRUNE_EVERY = 100;
    private static final int MAX_COUNTED_APPS = 100_000;

    private final Db db;
    private final LogLineRepository lines;
    private final LiveTails tails;
    private final String bootstrapServers;
    private final Map<UUID, Integer> sincePrune = new HashMap<>();
    private final AtomicLong refused = new AtomicLong();
    private EventConsumerLoop loop;

    LogIngest(Db db, LogLineRepository lines, LiveTails tails,
              @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.db = db;
        this.lines = lines;
        this.tails = tails;
        this.bootstrapServers = bootstrapServers;
    }

    /** After the kit's start (its migrations, priority 10). */
    void start(@Observes @Priority(20) StartupEvent event) {
        loop = new EventConsumerLoop(db, List.of(new Handler()), bootstrapServers, GROUP).start();
    }

    void stop(@Observes ShutdownEvent event) {
        close();
    }

    /** Lines PostgreSQL refused and that were skipped (each logged), since start. */
    public long refused() {
        return refused.get();
    }

    /**
     * A refusal that is the line's fault (SQLSTATE class 22 data exception, 23 integrity, 54 program
     * limit) rather than the database's (connection, shutdown, serialization): those are retried.
     */
    static boolean badLine(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("22") || state.startsWith("23") || state.startsWith("54"));
    }

    @Override
    public void close() {
        if (loop != null) {
            loop.close();
        }
    }

    /** Not a bean: the kit's main loop must not pick it up too. Only ever called on the loop's thread. */
    private final class Handler implements EventHandler {
        private List<StoredLine> stored = new ArrayList<>();

        @Override
        public Set<String> topics() {
            // never a topic of the main loop: both record event ids in the one kit_processed_event
            // table, so the loop that came second would skip the event (releases: DynoEventHandler)
            return Set.of(Topics.LOGS, Topics.BUILDS);
        }

        /** Set for a second pass over a record whose first pass hit a line PostgreSQL refused. */
        private boolean lineByLine;

        @Override
        public void handle(Connection tx, EventEnvelope envelope) throws SQLException {
            // One savepoint per record costs one round trip; a line PostgreSQL refuses (after the
            // escaping, none should) then costs only itself: the record is stored again line by
            // line, each line behind its own savepoint, and the refused one is skipped and logged.
            // Never a retry loop on one bad line, which would stop the log of every app.
            Savepoint whole = tx.setSavepoint();
            try {
                lineByLine = false;
                storeAll(tx, envelope);
            } catch (SQLException e) {
                if (!badLine(e)) {
                    throw e;
                }
                tx.rollback(whole);
                lineByLine = true;
                storeAll(tx, envelope);
            }
        }

        private void storeAll(Connection tx, EventEnvelope envelope) throws SQLException {
            stored = new ArrayList<>();
            Instant at = envelope.occurredAt() == null ? Instant.now() : envelope.occurredAt();
            switch (envelope.payload()) {
                case LogLine e -> store(tx, e.appId(), e.at() == null ? at : e.at(), e.source(), e.process(), e.message());
                case LogLines e -> {
                    for (LogLines.Line line : e.lines()) {
                        store(tx, e.appId(), line.at() == null ? at : line.at(), e.source(), e.process(), line.message());
                    }
                }
                case BuildStarted e -> api(tx, e.appId(), at, "Build started");
                case SlugBuilt e -> api(tx, e.appId(), at, "Build succeeded");
                case BuildFailed e -> api(tx, e.appId(), at, "Build failed -- check your build output");
                default -> { }
            }
        }

        @Override
        public void afterCommit(EventEnvelope envelope) {
            tails.publish(stored);
        }

        private void api(Connection tx, UUID appId, Instant at, String message) throws SQLException {
            store(tx, appId, at, "app", "api", message);
        }

        private void store(Connection tx, UUID appId, Instant at, String source, String process, String message)
                throws SQLException {
            if (appId == null || source == null || process == null) {
                return;
            }
            List<String> split = LogText.lines(message);
            String src = LogText.name(source);
            String proc = LogText.name(process);
            for (String line : split) {
                if (!lineByLine) {
                    stored.add(lines.insert(tx, appId, at, src, proc, line));
                    continue;
                }
                Savepoint one = tx.setSavepoint();
                try {
                    stored.add(lines.insert(tx, appId, at, src, proc, line));
                    tx.releaseSavepoint(one);
                } catch (SQLException e) {
                    if (!badLine(e)) {
                        throw e;
                    }
                    tx.rollback(one);
                    refused.incrementAndGet();
                    LOG.warnf("a log line of app %s (%s[%s]) was refused by PostgreSQL and skipped: %s", appId,
                            src, proc, e.getMessage());
                }
            }
            if (sincePrune.size() > MAX_COUNTED_APPS) {
                sincePrune.clear(); // apps gone long ago; a live app is pruned again within 100 lines
            }
            int count = sincePrune.merge(appId, split.size(), Integer::sum);
            if (count >= PRUNE_EVERY) {
                lines.prune(tx, appId);
                sincePrune.remove(appId);
            }
        }
    }
}
