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
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Fills the apps' logs for {@code heroku logs}: every {@code LogLine} (the dynos' own output and
 * {@code heroku[web.1]} lines, the release lines DynoEventHandler writes), every line of a
 * {@code LogLines} (the router's {@code heroku[router]} lines, many to a record, all stored in that
 * record's one transaction), plus the {@code app[api]} lines derived from builds. A consumer loop
 * of its own (group {@code dyno-manager-logs}), so that a flood of log lines never delays a release
 * or a scale on the service's main consumer; still the kit's idempotent loop, so a redelivered
 * record is stored once.
 * The one thread of this loop is the only writer of {@code log_line}, so ids follow arrival order.
 */
@ApplicationScoped
public class LogIngest implements AutoCloseable {
    static final String GROUP = "dyno-manager-logs";
    /** Pruning every line would scan 1,500 index entries per insert; every 100th keeps it cheap. */
    private static final int PRUNE_EVERY = 100;

    private final Db db;
    private final LogLineRepository lines;
    private final LiveTails tails;
    private final String bootstrapServers;
    private final Map<UUID, Integer> sincePrune = new HashMap<>();
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

        @Override
        public void handle(Connection tx, EventEnvelope envelope) throws SQLException {
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
            for (String line : split) {
                stored.add(lines.insert(tx, appId, at, source, process, line));
            }
            int count = sincePrune.merge(appId, split.size(), Integer::sum);
            if (count >= PRUNE_EVERY) {
                lines.prune(tx, appId);
                sincePrune.remove(appId);
            }
        }
    }
}
