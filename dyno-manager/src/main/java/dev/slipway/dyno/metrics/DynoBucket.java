package dev.slipway.dyno.metrics;

/** One dyno's samples in one bucket of time: the highest memory and the CPU time over the time covered. */
record DynoBucket(String dynoName, String size, long memoryQuotaMb, long memoryMaxBytes, long cpuMicros,
                  long intervalMicros) {
    private static final double MB = 1024 * 1024;

    DynoBucket add(DynoBucket other) {
        return new DynoBucket(dynoName, other.size, other.memoryQuotaMb, Math.max(memoryMaxBytes, other.memoryMaxBytes),
                cpuMicros + other.cpuMicros, intervalMicros + other.intervalMicros);
    }

    /** MiB, one decimal; null when no sample read the memory. */
    Double memoryMb() {
        return memoryMaxBytes < 0 ? null : RouterBucket.round(memoryMaxBytes / MB);
    }

    /** CPU seconds per second over the bucket; null when no two samples measured an interval. */
    Double cpuLoad() {
        return intervalMicros <= 0 ? null : Math.round(1000.0 * cpuMicros / intervalMicros) / 1000.0;
    }
}
