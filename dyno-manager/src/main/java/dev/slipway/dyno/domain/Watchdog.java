package dev.slipway.dyno.domain;

import dev.slipway.dyno.config.LifecycleSettings;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/** Runs the periodic checks of running dynos: memory (R14/R15) and daily cycling. */
@ApplicationScoped
public class Watchdog {
    private static final Logger LOG = Logger.getLogger(Watchdog.class);
    static final Duration CYCLE_CHECK = Duration.ofSeconds(30);

    private final MemoryWatch memory;
    private final DailyCycling cycling;
    private final LifecycleSettings settings;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().name("dyno-watchdog").daemon().unstarted(r));

    Watchdog(MemoryWatch memory, DailyCycling cycling, LifecycleSettings settings) {
        this.memory = memory;
        this.cycling = cycling;
        this.settings = settings;
    }

    void start(@Observes @Priority(200) StartupEvent event) {
        long sample = settings.memorySample().toMillis();
        timer.scheduleWithFixedDelay(() -> guarded("sampling dyno memory", memory::sample), sample, sample,
                TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(() -> guarded("cycling dynos", cycling::check), CYCLE_CHECK.toMillis(),
                CYCLE_CHECK.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Before the supervisor stops every dyno. */
    void stop(@Observes @Priority(0) ShutdownEvent event) {
        timer.shutdownNow();
    }

    private static void guarded(String what, Runnable check) {
        try {
            check.run();
        } catch (RuntimeException e) {
            // a failed sample must not end the schedule
            LOG.warnf(e, "%s failed", what);
        }
    }
}
