package dev.slipway.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One sample of every running dyno of an app, taken at {@code at} (every 10 s): its memory (the
 * cgroup's usage, page cache included, as the quota counts it) and the CPU time its processes used
 * since the previous sample ({@code cpuMicros} over {@code intervalMicros}; both 0 for a dyno's
 * first sample).
 */
public record DynoMetricsSampled(UUID appId, Instant at, List<Dyno> dynos) implements Event {

    public DynoMetricsSampled {
        dynos = dynos == null ? List.of() : List.copyOf(dynos);
    }

    /** One dyno's sample; {@code memoryQuotaMb} is its size's quota. */
    public record Dyno(String name, String size, long memoryQuotaMb, long memoryBytes, long cpuMicros,
                       long intervalMicros) {}
}
