package dev.slipway.dyno.domain;

import dev.slipway.dyno.persistence.LogLineRepository;
import dev.slipway.kit.Db;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * What keeps {@code log_line} bounded beside the 1,500 lines per app that ingest prunes: lines
 * expire a week after they arrived (Heroku's retention), checked hourly. The hourly delete is a
 * scan of a table that the per-app pruning already bounds to ~1,600 rows per app.
 */
@ApplicationScoped
public class LogRetention {
    public static final Duration KEEP = Duration.ofDays(7);
    private static final Logger LOG = Logger.getLogger(LogRetention.class);

    private final Db db;
    private final LogLineRepository lines;
    private ScheduledExecutorService timer;

    LogRetention(Db db, LogLineRepository lines) {
        this.db = db;
        this.lines = lines;
    }

    void start(@Observes StartupEvent event) {
        timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("log-retention").daemon().factory());
        timer.scheduleWithFixedDelay(this::expire, 1, 60, TimeUnit.MINUTES);
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    public int expire() {
        try {
            int n = db.inTransaction(tx -> lines.expire(tx, KEEP));
            if (n > 0) {
                LOG.infof("expired %d log line(s) older than %d days", n, KEEP.toDays());
            }
            return n;
        } catch (RuntimeException e) {
            LOG.warnf("log line expiry failed, trying again in an hour: %s", e.getMessage());
            return 0;
        }
    }
}
