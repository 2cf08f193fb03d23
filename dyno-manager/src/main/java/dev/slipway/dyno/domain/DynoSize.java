package dev.slipway.dyno.domain;

import java.util.Arrays;
import java.util.Optional;

/**
 * A dyno size and the limits its sandbox gets (Heroku's figures): memory quota (R14 above it,
 * R15 and a restart above twice it), processes and threads, and a CPU weight in the same
 * proportion as the memory.
 */
public enum DynoSize {
    ECO("eco", 512, 256, 1024),
    BASIC("basic", 512, 256, 1024),
    STANDARD_1X("standard-1X", 512, 256, 1024),
    STANDARD_2X("standard-2X", 1024, 512, 2048),
    PERFORMANCE_M("performance-M", 2560, 16384, 5120),
    PERFORMANCE_L("performance-L", 14336, 32768, 28672);

    public static final DynoSize DEFAULT = STANDARD_1X;

    private final String heroku;
    private final long memoryMb;
    private final int processes;
    private final int cpuShares;

    DynoSize(String heroku, long memoryMb, int processes, int cpuShares) {
        this.heroku = heroku;
        this.memoryMb = memoryMb;
        this.processes = processes;
        this.cpuShares = cpuShares;
    }

    /** The size named in any case; empty for a name that is not a size. */
    public static Optional<DynoSize> named(String name) {
        if (name == null) {
            return Optional.empty();
        }
        return Arrays.stream(values()).filter(s -> s.heroku.equalsIgnoreCase(name.trim())).findFirst();
    }

    /** The size of a dyno row; a name this build does not know gets the default's limits. */
    public static DynoSize of(String name) {
        return named(name).orElse(DEFAULT);
    }

    /** Heroku's spelling: {@code standard-1X}. */
    public String heroku() {
        return heroku;
    }

    /** The memory quota: over it is R14. */
    public long memoryQuotaBytes() {
        return memoryMb * 1024 * 1024;
    }

    /** The hard memory limit: twice the quota, where R15 stops the dyno. */
    public long memoryLimitBytes() {
        return 2 * memoryQuotaBytes();
    }

    /** Processes and threads the dyno may have at once. */
    public int processLimit() {
        return processes;
    }

    /** cgroup v1 cpu.shares (1024 for a 1X dyno). */
    public int cpuShares() {
        return cpuShares;
    }
}
