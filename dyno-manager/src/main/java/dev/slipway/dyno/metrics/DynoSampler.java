package dev.slipway.dyno.metrics;

import dev.slipway.dyno.domain.DynoProcesses;
import dev.slipway.events.DynoMetricsSampled;
import dev.slipway.kit.Db;
import dev.slipway.kit.Outbox;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Every 10 s, one {@code DynoMetricsSampled} per app with running dynos ({@link DynoSamples}): each
 * dyno's memory ({@code memory.current} / {@code memory.usage_in_bytes} of its cgroup) and CPU
 * load. All apps' events go through the outbox in one transaction: a sample announces no state
 * change, but the outbox is how this service produces, and ten seconds make one row per app, not
 * one per request.
 */
@ApplicationScoped
public class DynoSampler {
    public static final int PERIOD_SECONDS = 10;
    private static final Logger LOG = Logger.getLogger(DynoSampler.class);

    private final DynoProcesses processes;
    private final Db db;
    private final Outbox outbox;
    private final InstantSource clock;
    private final DynoSamples samples = new DynoSamples();
    private ScheduledExecutorService timer;

    DynoSampler(DynoProcesses processes, Db db, Outbox outbox, InstantSource clock) {
        this.processes = processes;
        this.db = db;
        this.outbox = outbox;
        this.clock = clock;
    }

    void start(@Observes @Priority(200) StartupEvent event) {
        timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("dyno-sampler").daemon().factory());
        timer.scheduleAtFixedRate(this::sample, PERIOD_SECONDS, PERIOD_SECONDS, TimeUnit.SECONDS);
    }

    void stop(@Observes @Priority(0) ShutdownEvent event) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    private void sample() {
        try {
            List<DynoMetricsSampled> events = samples.next(processes.usage(), clock.instant(), System.nanoTime());
            if (!events.isEmpty()) {
                db.inTransaction(tx -> {
                    for (DynoMetricsSampled e : events) {
                        outbox.publish(tx, e);
                    }
                    return null;
                });
            }
        } catch (Exception | LinkageError e) {
            // a failed sample must not end the schedule (an executor drops a task that throws); the store shows a gap
            LOG.warnf(e, "sampling dyno metrics failed");
        }
    }
}
