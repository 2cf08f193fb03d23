package dev.slipway.dyno.metrics;

import dev.slipway.dyno.domain.DynoProcesses;
import dev.slipway.dyno.domain.DynoSize;
import dev.slipway.events.DynoMetricsSampled;
import dev.slipway.kit.Db;
import dev.slipway.kit.Outbox;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Every 10 s, one {@code DynoMetricsSampled} per app with running dynos: each dyno's memory
 * ({@code memory.current} / {@code memory.usage_in_bytes} of its cgroup) and the CPU time its
 * cgroup used since the previous sample, over the time between the two. All apps' events go
 * through the outbox in one transaction: a sample announces no state change, but the outbox is
 * how this service produces, and ten seconds make one row per app, not one per request.
 */
@ApplicationScoped
public class DynoSampler {
    public static final int PERIOD_SECONDS = 10;
    private static final Logger LOG = Logger.getLogger(DynoSampler.class);
    private static final long MB = 1024 * 1024;

    private final DynoProcesses processes;
    private final Db db;
    private final Outbox outbox;
    private final InstantSource clock;
    private final LongSupplier nanoTime;
    /** Each dyno's CPU time and the moment it was read, at the previous sample. */
    private final Map<UUID, long[]> previous = new HashMap<>();
    private ScheduledExecutorService timer;

    DynoSampler(DynoProcesses processes, Db db, Outbox outbox, InstantSource clock) {
        this(processes, db, outbox, clock, System::nanoTime);
    }

    DynoSampler(DynoProcesses processes, Db db, Outbox outbox, InstantSource clock, LongSupplier nanoTime) {
        this.processes = processes;
        this.db = db;
        this.outbox = outbox;
        this.clock = clock;
        this.nanoTime = nanoTime;
    }

    void start(@Observes @Priority(200) StartupEvent event) {
        timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("dyno-sampler").daemon().factory());
        timer.scheduleAtFixedRate(this::guardedSample, PERIOD_SECONDS, PERIOD_SECONDS, TimeUnit.SECONDS);
    }

    void stop(@Observes @Priority(0) ShutdownEvent event) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    private void guardedSample() {
        try {
            sample();
        } catch (RuntimeException e) {
            // a failed sample must not end the schedule; the store shows a gap
            LOG.warnf("sampling dyno metrics failed: %s", e.getMessage());
        }
    }

    /** Reads every running dyno and hands one event per app to the outbox; the events, for tests. */
    synchronized List<DynoMetricsSampled> sample() {
        Instant at = clock.instant();
        long now = nanoTime.getAsLong();
        Map<UUID, List<DynoMetricsSampled.Dyno>> byApp = new LinkedHashMap<>();
        for (DynoProcesses.Usage u : processes.usage()) {
            long cpu = 0;
            long interval = 0;
            long[] before = previous.get(u.dyno().id());
            if (u.cpuMicros() >= 0) {
                if (before != null && u.cpuMicros() >= before[0]) {
                    cpu = u.cpuMicros() - before[0];
                    interval = (now - before[1]) / 1_000;
                }
                previous.put(u.dyno().id(), new long[] {u.cpuMicros(), now});
            }
            DynoSize size = DynoSize.of(u.dyno().size());
            byApp.computeIfAbsent(u.dyno().appId(), a -> new ArrayList<>()).add(new DynoMetricsSampled.Dyno(
                    u.dyno().name(), size.heroku(), size.memoryQuotaBytes() / MB, u.memoryBytes(), cpu, interval));
        }
        Set<UUID> live = processes.usage().stream().map(u -> u.dyno().id()).collect(Collectors.toSet());
        previous.keySet().retainAll(live);
        List<DynoMetricsSampled> events = byApp.entrySet().stream()
                .map(e -> new DynoMetricsSampled(e.getKey(), at, e.getValue())).toList();
        if (!events.isEmpty()) {
            db.inTransaction(tx -> {
                for (DynoMetricsSampled e : events) {
                    outbox.publish(tx, e);
                }
                return null;
            });
        }
        return events;
    }
}
