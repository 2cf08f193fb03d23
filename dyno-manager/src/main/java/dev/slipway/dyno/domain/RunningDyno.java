package dev.slipway.dyno.domain;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/** One dyno process of ours, from its launch until its end is recorded. */
final class RunningDyno {
    final Dyno dyno;
    final DynoRuntime.Handle handle;
    final CompletableFuture<Void> output;
    final Instant launchedAt;
    /** When daily cycling replaces it (reset by every launch). */
    final Instant cycleAt;
    final CompletableFuture<Boolean> booted = new CompletableFuture<>();
    final AtomicBoolean finished = new AtomicBoolean();
    volatile boolean stopping;
    volatile String state = Dyno.STARTING;
    volatile Instant upSince;
    /** When R14 was last logged, for its rate limit; null while it never was. */
    volatile Instant r14LoggedAt;
    /** The runtime's OOM kill count when we last looked: a rise means the kernel killed a process of it. */
    volatile long oomKillsSeen;

    RunningDyno(Dyno dyno, DynoRuntime.Handle handle, CompletableFuture<Void> output, Instant launchedAt,
                Instant cycleAt) {
        this.dyno = dyno;
        this.handle = handle;
        this.output = output;
        this.launchedAt = launchedAt;
        this.cycleAt = cycleAt;
        this.oomKillsSeen = handle.oomKills();
    }

    /** Running and ours to judge: not being stopped, its end not yet recorded. */
    boolean live() {
        return !stopping && !finished.get() && !handle.exited().isDone();
    }
}
