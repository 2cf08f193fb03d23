package dev.slipway.dyno.domain;

import dev.slipway.dyno.config.LifecycleSettings;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * The life of one dyno process: launch, boot (a web dyno is up once its port accepts, R10 when it
 * does not in time), exit (a crash unless we stopped it) and stop (SIGTERM, SIGKILL after the stop
 * timeout: R12). Every timeout is measured on the injected clock.
 */
@ApplicationScoped
public class DynoProcesses {
    private static final Logger LOG = Logger.getLogger(DynoProcesses.class);

    /** Told when a formation dyno ended without being asked to, so that it is restarted after its back-off. */
    public interface CrashListener {
        void crashed(Dyno dyno, Instant upSince);
    }

    private final DynoRuntime runtime;
    private final DynoLedger ledger;
    private final LifecycleSettings settings;
    private final OutputCapture output;
    private final InstantSource clock;
    private final CycleSchedule cycles;
    private final BootWatch boot;
    private final Map<UUID, RunningDyno> running = new ConcurrentHashMap<>();
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private volatile CrashListener crashListener = (d, up) -> {};
    private volatile Consumer<Dyno> upListener = d -> {};

    DynoProcesses(DynoRuntime runtime, DynoLedger ledger, LifecycleSettings settings, OutputCapture output,
                  InstantSource clock, CycleSchedule cycles) {
        this.runtime = runtime;
        this.ledger = ledger;
        this.settings = settings;
        this.output = output;
        this.clock = clock;
        this.cycles = cycles;
        this.boot = new BootWatch(ledger, settings, clock);
    }

    public void onCrash(CrashListener listener) {
        this.crashListener = listener;
    }

    /** Told when a dyno is up (a preboot or a cycle may be waiting for it). */
    public void onUp(Consumer<Dyno> listener) {
        this.upListener = listener;
    }

    /** True while the dyno has a process of ours, alive or not yet reaped. */
    public boolean tracks(UUID dynoId) {
        return running.containsKey(dynoId);
    }

    /** The dynos that have a process of ours now. */
    public Set<UUID> tracked() {
        return Set.copyOf(running.keySet());
    }

    /** What a running dyno uses now: the metrics sampler's view of it. */
    public record Usage(Dyno dyno, long memoryBytes, long cpuMicros) {}

    /** Every live dyno's memory and CPU time so far, read from its cgroup (-1 where unknown). */
    public List<Usage> usage() {
        return running.values().stream().filter(RunningDyno::live)
                .map(r -> new Usage(r.dyno, r.handle.memoryBytes(), r.handle.cpuMicros())).toList();
    }

    /** The dynos with a process of ours, for the memory watch and daily cycling. */
    List<RunningDyno> running() {
        return List.copyOf(running.values());
    }

    /**
     * Starts the process of a dyno whose row is already {@code starting}; the future completes with
     * its exit status (null when it could not start).
     */
    public CompletableFuture<Integer> launch(Dyno dyno, AppRelease release, Map<String, String> extraEnv) {
        ledger.log(dyno, "Starting process with command `" + dyno.command() + "`");
        DynoRuntime.Handle handle;
        try {
            handle = runtime.launch(new DynoSpec(dyno.id(), dyno.name(), dyno.type(), dyno.command(),
                    DynoSize.of(dyno.size()), release, extraEnv));
        } catch (Exception e) {
            LOG.warnf(e, "could not launch %s of %s", dyno.name(), dyno.appName());
            ended(dyno, Dyno.STARTING, "Error: could not start the dyno: " + e.getMessage());
            if (!dyno.oneOff()) {
                crashListener.crashed(dyno, null);
            }
            return CompletableFuture.completedFuture(null);
        }
        Instant now = clock.instant();
        RunningDyno r = new RunningDyno(dyno.withLaunch(handle.pid(), handle.host(), handle.port()), handle,
                output.capture(dyno, handle.output()), now, cycles.next(now));
        running.put(dyno.id(), r);
        ledger.launched(r.dyno);
        handle.exited().thenAcceptAsync(status -> exited(r, status), workers);
        if (dyno.web()) {
            workers.submit(() -> boot.watch(r, () -> markUp(r)));
        } else {
            markUp(r);
        }
        return handle.exited();
    }

    /** Waits until the dyno is up; false when it crashed, stopped or did not boot by the deadline. */
    public boolean awaitUp(UUID dynoId, Instant deadline) {
        RunningDyno r = running.get(dynoId);
        return r != null && Boolean.TRUE.equals(ClockWait.until(r.booted, deadline, clock, settings.poll()));
    }

    /**
     * Stops the dyno (SIGTERM, R12 and SIGKILL after the stop timeout) and marks it down; deletes
     * its row when {@code remove}. A dyno without a process of ours only gets its row updated.
     */
    public void stop(Dyno dyno, boolean remove) {
        RunningDyno r = running.get(dyno.id());
        if (r == null) {
            settle(dyno, remove);
            return;
        }
        r.stopping = true;
        ledger.log(r.dyno, "Stopping all processes with SIGTERM");
        r.handle.terminate();
        Integer status = waitForExit(r, settings.stopTimeout());
        if (status == null) {
            ledger.log(r.dyno, "Error R12 (Exit timeout) -> At least one process failed to exit within "
                    + settings.stopTimeout().toSeconds() + " seconds of SIGTERM", "Stopping remaining processes with SIGKILL");
            r.handle.kill();
            status = waitForExit(r, Duration.ofSeconds(10));
        }
        finish(r, status, remove);
    }

    /**
     * R15: the dyno is killed at once (SIGKILL, as Heroku does) and left down for the formation to
     * restart; a one-off dyno is simply gone.
     */
    public void kill(Dyno dyno, String... reason) {
        RunningDyno r = running.get(dyno.id());
        if (r == null) {
            // already stopped or ended (a scale, a deploy): its end is recorded
            return;
        }
        r.stopping = true;
        ledger.log(r.dyno, reason);
        r.handle.kill();
        finish(r, waitForExit(r, Duration.ofSeconds(10)), r.dyno.oneOff());
    }

    private void settle(Dyno dyno, boolean remove) {
        if (remove) {
            ledger.remove(dyno, dyno.state());
        } else if (!Dyno.DOWN.equals(dyno.state())) {
            ledger.change(dyno, dyno.state(), Dyno.DOWN);
        }
    }

    private void finish(RunningDyno r, Integer status, boolean remove) {
        // whatever the dyno left in its group goes with it
        r.handle.kill();
        awaitOutput(r);
        if (r.finished.compareAndSet(false, true)) {
            String exit = status == null ? "Process did not exit after SIGKILL" : "Process exited with status " + status;
            if (remove) {
                ledger.remove(r.dyno, r.state, exit);
            } else {
                ledger.change(r.dyno, r.state, Dyno.DOWN, exit);
            }
            forget(r);
        } else if (remove) {
            ledger.remove(r.dyno, Dyno.CRASHED);
        }
    }

    /**
     * Platform shutdown: every dyno of ours stops at once, in parallel, and stays in the table as
     * down. Works from memory, not the database, which may already be gone: a dyno whose state
     * cannot be written is still killed.
     */
    public void stopAll() {
        CompletableFuture.allOf(List.copyOf(running.values()).stream()
                .map(r -> CompletableFuture.runAsync(() -> stopAtShutdown(r), workers))
                .toArray(CompletableFuture[]::new)).join();
    }

    private void stopAtShutdown(RunningDyno r) {
        try {
            stop(r.dyno, r.dyno.oneOff());
        } catch (RuntimeException e) {
            LOG.warnf("stopping %s without recording it: %s", r.dyno.name(), e.getMessage());
            r.handle.terminate();
            if (waitForExit(r, settings.stopTimeout()) == null) {
                r.handle.kill();
            }
        }
    }

    private void markUp(RunningDyno r) {
        synchronized (r) {
            if (r.handle.exited().isDone() || r.stopping || r.finished.get()) {
                return;
            }
            ledger.change(r.dyno, Dyno.STARTING, Dyno.UP);
            r.state = Dyno.UP;
            r.upSince = clock.instant();
        }
        r.booted.complete(true);
        upListener.accept(r.dyno);
    }

    private void exited(RunningDyno r, int status) {
        if (r.stopping) {
            return;
        }
        synchronized (r) {
            if (!r.finished.compareAndSet(false, true)) {
                return;
            }
        }
        // the dyno's last words come before its exit in the log
        awaitOutput(r);
        String exit = "Process exited with status " + status;
        // the row says crashed before we let go of the process, so a converge never sees a gap
        if (r.handle.oomKills() > r.oomKillsSeen) {
            ended(r.dyno, r.state, MemoryWatch.R15, exit);
        } else {
            ended(r.dyno, r.state, exit);
        }
        forget(r);
        if (!r.dyno.oneOff()) {
            crashListener.crashed(r.dyno, r.upSince);
        }
    }

    /** A dyno that is no longer running when it should be: crashed (a one-off is simply gone). */
    private void ended(Dyno dyno, String from, String... messages) {
        if (dyno.oneOff()) {
            ledger.complete(dyno, from, messages);
        } else {
            ledger.change(dyno, from, Dyno.CRASHED, messages);
        }
    }

    private void forget(RunningDyno r) {
        r.handle.kill();
        r.handle.discard();
        r.booted.complete(false);
        running.remove(r.dyno.id(), r);
    }

    private Integer waitForExit(RunningDyno r, Duration timeout) {
        return ClockWait.until(r.handle.exited(), clock.instant().plus(timeout), clock, settings.poll());
    }

    /** A child that kept the pipe open (a daemon) does not hold the exit up for long. */
    private static void awaitOutput(RunningDyno r) {
        try {
            r.output.get(2, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            // the exit is recorded anyway; later output still reaches the log
        }
    }

    @PreDestroy
    void close() {
        workers.shutdownNow();
    }
}
