package dev.slipway.dyno.metrics;

import dev.slipway.events.DynoMetricsSampled;
import dev.slipway.events.EventEnvelope;
import dev.slipway.events.RouterMetricsAggregated;
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
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Fills the metrics store from {@code slipway.metrics}: each router aggregate and each dyno sample
 * is added to its 10-second bucket and to its 1-minute bucket in the record's one transaction. A
 * consumer loop of its own (group {@code dyno-manager-metrics}), so that metrics never delay a
 * release or a log line; still the kit's idempotent loop, so a redelivered record counts once.
 * Its one thread is the only writer of the bucket tables.
 */
@ApplicationScoped
public class MetricsIngest implements AutoCloseable {
    static final String GROUP = "dyno-manager-metrics";
    /** The buckets every record is added to: the 10-second rows and the 1-minute rollup. */
    static final List<Integer> STEPS = List.of(10, 60);

    private final Db db;
    private final MetricsRepository store;
    private final String bootstrapServers;
    private EventConsumerLoop loop;

    MetricsIngest(Db db, MetricsRepository store, @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.db = db;
        this.store = store;
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

    /** The start of the step's bucket that holds {@code at}. */
    static Instant bucketOf(Instant at, int step) {
        return Instant.ofEpochSecond(Math.floorDiv(at.getEpochSecond(), step) * step);
    }

    /** Not a bean: the kit's main loop must not pick it up too. */
    private final class Handler implements EventHandler {
        @Override
        public Set<String> topics() {
            return Set.of(Topics.METRICS);
        }

        @Override
        public void handle(Connection tx, EventEnvelope envelope) throws SQLException {
            switch (envelope.payload()) {
                case RouterMetricsAggregated e when e.appId() != null && e.windowStart() != null -> {
                    RouterBucket bucket = RouterBucket.of(e);
                    for (int step : STEPS) {
                        store.mergeRouter(tx, e.appId(), step, bucketOf(e.windowStart(), step), bucket);
                    }
                }
                case DynoMetricsSampled e when e.appId() != null && e.at() != null -> storeSamples(tx, e.appId(), e);
                default -> { }
            }
        }

        private void storeSamples(Connection tx, UUID appId, DynoMetricsSampled e) throws SQLException {
            for (DynoMetricsSampled.Dyno d : e.dynos()) {
                if (d.name() == null || d.name().length() > 140 || d.size() == null) {
                    continue;
                }
                DynoBucket bucket = new DynoBucket(d.name(), d.size(), d.memoryQuotaMb(), d.memoryBytes(),
                        Math.max(0, d.cpuMicros()), Math.max(0, d.intervalMicros()));
                for (int step : STEPS) {
                    store.mergeDyno(tx, appId, step, bucketOf(e.at(), step), bucket);
                }
            }
        }
    }
}
