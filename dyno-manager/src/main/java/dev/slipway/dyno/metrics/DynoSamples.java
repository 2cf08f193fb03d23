package dev.slipway.dyno.metrics;

import dev.slipway.dyno.domain.DynoProcesses;
import dev.slipway.dyno.domain.DynoSize;
import dev.slipway.events.DynoMetricsSampled;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Turns readings of the running dynos into one {@code DynoMetricsSampled} per app: memory as read,
 * CPU as the time used since the dyno's previous reading over the time between the two (a dyno's
 * first reading has none). Remembers each live dyno's last reading; not thread-safe (one sampler).
 */
final class DynoSamples {
    private static final long MB = 1024 * 1024;
    /** Each dyno's CPU time and the moment it was read, at the previous sample. */
    private final Map<UUID, long[]> previous = new HashMap<>();

    List<DynoMetricsSampled> next(List<DynoProcesses.Usage> usage, Instant at, long nanoTime) {
        Map<UUID, List<DynoMetricsSampled.Dyno>> byApp = new LinkedHashMap<>();
        for (DynoProcesses.Usage u : usage) {
            long cpu = 0;
            long interval = 0;
            long[] before = previous.get(u.dyno().id());
            if (u.cpuMicros() >= 0) {
                if (before != null && u.cpuMicros() >= before[0] && nanoTime > before[1]) {
                    cpu = u.cpuMicros() - before[0];
                    interval = (nanoTime - before[1]) / 1_000;
                }
                previous.put(u.dyno().id(), new long[] {u.cpuMicros(), nanoTime});
            }
            DynoSize size = DynoSize.of(u.dyno().size());
            byApp.computeIfAbsent(u.dyno().appId(), a -> new ArrayList<>()).add(new DynoMetricsSampled.Dyno(
                    u.dyno().name(), size.heroku(), size.memoryQuotaBytes() / MB, u.memoryBytes(), cpu, interval));
        }
        Set<UUID> live = usage.stream().map(u -> u.dyno().id()).collect(Collectors.toSet());
        previous.keySet().retainAll(live);
        return byApp.entrySet().stream().map(e -> new DynoMetricsSampled(e.getKey(), at, e.getValue())).toList();
    }
}
