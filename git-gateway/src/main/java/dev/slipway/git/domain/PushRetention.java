package dev.slipway.git.domain;

import dev.slipway.git.persistence.PushRepository;
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
 * Keeps the {@code push} table bounded: a push record serves its git client and the "one build at
 * a time" check, so a finished one is kept 30 days (for whoever debugs a deploy) and then deleted,
 * hourly. Pending pushes are never deleted here (start-up and the push timeout end them).
 */
@ApplicationScoped
public class PushRetention {
    public static final Duration KEEP = Duration.ofDays(30);
    private static final Logger LOG = Logger.getLogger(PushRetention.class);

    private final Db db;
    private final PushRepository pushes;
    private ScheduledExecutorService timer;

    PushRetention(Db db, PushRepository pushes) {
        this.db = db;
        this.pushes = pushes;
    }

    void start(@Observes StartupEvent event) {
        timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("push-retention").daemon().factory());
        timer.scheduleWithFixedDelay(this::prune, 5, 60, TimeUnit.MINUTES);
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    public int prune() {
        try {
            int n = db.inTransaction(tx -> pushes.deleteFinishedBefore(tx, KEEP));
            if (n > 0) {
                LOG.infof("deleted %d push record(s) finished more than %d days ago", n, KEEP.toDays());
            }
            return n;
        } catch (RuntimeException e) {
            LOG.warnf("push record pruning failed, trying again in an hour: %s", e.getMessage());
            return 0;
        }
    }
}
