package dev.slipway.dyno.metrics;

import dev.slipway.kit.Db;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Keeps the metrics store bounded: 10-second buckets for {@link #TEN_SECOND_ROWS} (the contract
 * promises 2 h), 1-minute buckets and timeline events for {@link #MINUTE_ROWS} (the contract
 * promises 24 h; a week lets the API's longest range, 7 days, be whole). Checked every 10 minutes.
 */
@ApplicationScoped
public class MetricsRetention {
    public static final Duration TEN_SECOND_ROWS = Duration.ofHours(3);
    public static final Duration MINUTE_ROWS = Duration.ofDays(8);
    private static final Logger LOG = Logger.getLogger(MetricsRetention.class);

    private final Db db;
    private final MetricsRepository store;
    private final InstantSource clock;
    private ScheduledExecutorService timer;

    MetricsRetention(Db db, MetricsRepository store, InstantSource clock) {
        this.db = db;
        this.store = store;
        this.clock = clock;
    }

    void start(@Observes StartupEvent event) {
        timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("metrics-retention").daemon().factory());
        timer.scheduleWithFixedDelay(this::expire, 1, 10, TimeUnit.MINUTES);
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    /** Deletes what is past its retention; the rows deleted. */
    public int expire() {
        try {
            return db.inTransaction(tx -> store.expire(tx, 10, clock.instant().minus(TEN_SECOND_ROWS))
                    + store.expire(tx, 60, clock.instant().minus(MINUTE_ROWS))
                    + store.expireEvents(tx, clock.instant().minus(MINUTE_ROWS)));
        } catch (RuntimeException e) {
            LOG.warnf("metrics expiry failed, trying again in 10 minutes: %s", e.getMessage());
            return 0;
        }
    }
}
