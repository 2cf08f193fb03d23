package dev.slipway.dyno.domain;

import dev.slipway.dyno.config.DynoSettings;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * The life of one dyno process: launch, boot (a web dyno is up once its port accepts), exit
 * (a crash unless we stopped it) and stop (SIGTERM, SIGKILL after the stop timeout).
 */
@ApplicationScoped
public class DynoProcesses {
    private static final Logger LOG = Logger.getLogger(DynoProcesses.class);

    /** Told when a formation dyno crashed, so that it can be restarted after its back-off. */
    public interface CrashListener {
        void crashed(Dyno dyno, Instant upSince);
    }

    private final DynoRuntime runtime;
    private final DynoStates states;
    private final DynoSettings settings;
    private final AppOutput output;
    private final Map<UUID, Running> running = new ConcurrentHashMap<>();
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private volatile CrashListener listener = (d, up) -> {};

    DynoProcesses(DynoRuntime runtime, DynoStates states, DynoSettings settings, AppOutput output) {
        this.runtime = runtime;
        this.states = states;
        this.settings = settings;
        this.output = output;
    }

    public void onCrash(CrashListener listener) {
        this.listener = listener;
    }

    /** True while the dyno has a process of ours, alive or not yet reaped. */
    public boolean tracks(UUID dynoId) {
        return running.containsKey(dynoId);
    }

    /** Starts the process of a dyno whose row is already {@code starting}. */
    public void launch(Dyno dyno, AppRelease release, Map<String, String> extraEnv) {
        states.log(dyno, "Starting process with command `" + dyno.command() + "`");
        DynoRuntime.Handle handle;
        try {
            handle = runtime.launch(new DynoSpec(dyno.id(), dyno.name(), dyno.type(), dyno.command(),
                    DynoSize.of(dyno.size()), release, extraEnv));
        } catch (Exception e) {
            LOG.warnf(e, "could not launch %s of %s", dyno.name(), dyno.appName());
            ended(dyno, Dyno.STARTING, "Error: could not start the dyno: " + e.getMessage());
            if (!dyno.oneOff()) {
                listener.crashed(dyno, null);
            }
            return;
        }
        Running r = new Running(dyno.withLaunch(handle.pid(), handle.host(), handle.port()), handle,
                output.capture(dyno, handle.output()));
        running.put(dyno.id(), r);
        states.launched(r.dyno);
        handle.exited().thenAcceptAsync(status -> exited(r, status), workers);
        if (dyno.web()) {
            workers.submit(() -> watchBoot(r));
        } else {
            markUp(r);
        }
    }

    /** Waits until the dyno is up; false when it crashed, stopped or did not boot in time. */
    public boolean awaitUp(UUID dynoId, Duration timeout) {
        Running r = running.get(dynoId);
        if (r == null) {
            return false;
        }
        try {
            return r.booted.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return false;
        } catch (Exception e) {
            return false;
        }
    }

    /**
     * Stops the dyno and marks it down; deletes its row when {@code remove}. A dyno without a
     * process of ours (crashed, or stale) only gets its row updated.
     */
    public void stop(Dyno dyno, boolean remove) {
        Running r = running.get(dyno.id());
        if (r == null) {
            if (remove) {
                states.remove(dyno, dyno.state());
            } else if (!Dyno.DOWN.equals(dyno.state())) {
                states.change(dyno, dyno.state(), Dyno.DOWN);
            }
            return;
        }
        r.stopping = true;
        states.log(r.dyno, "Stopping all processes with SIGTERM");
        r.handle.terminate();
        Integer status = waitForExit(r, settings.stopTimeout());
        if (status == null) {
            states.log(r.dyno, "Error R12 (Exit timeout) -> At least one process failed to exit within "
                    + settings.stopTimeout().toSeconds() + " seconds of SIGTERM", "Stopping remaining processes with SIGKILL");
            r.handle.kill();
            status = waitForExit(r, Duration.ofSeconds(10));
        }
        // whatever the dyno left in its group goes with it
        r.handle.kill();
        awaitOutput(r);
        if (r.finished.compareAndSet(false, true)) {
            String exit = status == null ? "Process did not exit after SIGKILL" : "Process exited with status " + status;
            if (remove) {
                states.remove(r.dyno, r.state, exit);
            } else {
                states.change(r.dyno, r.state, Dyno.DOWN, exit);
            }
            forget(r);
        } else if (remove) {
            states.remove(r.dyno, Dyno.CRASHED);
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

    private void stopAtShutdown(Running r) {
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

    private void watchBoot(Running r) {
        long deadline = System.nanoTime() + settings.bootTimeout().toNanos();
        while (System.nanoTime() < deadline) {
            if (r.handle.exited().isDone() || r.stopping) {
                return;
            }
            if (r.handle.accepting()) {
                markUp(r);
                return;
            }
            sleep(100);
        }
        if (r.handle.exited().isDone() || r.stopping) {
            return;
        }
        states.log(r.dyno, "Error R10 (Boot timeout) -> Web process failed to bind to $PORT within "
                + settings.bootTimeout().toSeconds() + " seconds of launch", "Stopping process with SIGKILL");
        r.handle.kill();
    }

    private void markUp(Running r) {
        synchronized (r) {
            if (r.handle.exited().isDone() || r.stopping || r.finished.get()) {
                return;
            }
            states.change(r.dyno, Dyno.STARTING, Dyno.UP);
            r.state = Dyno.UP;
            r.upSince = Instant.now();
        }
        r.booted.complete(true);
    }

    private void exited(Running r, int status) {
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
        // the row says crashed before we let go of the process, so a converge never sees a gap
        ended(r.dyno, r.state, "Process exited with status " + status);
        forget(r);
        if (!r.dyno.oneOff()) {
            listener.crashed(r.dyno, r.upSince);
        }
    }

    /** A dyno that is no longer running when it should be: crashed (a one-off is simply gone). */
    private void ended(Dyno dyno, String from, String message) {
        if (dyno.oneOff()) {
            states.complete(dyno, from, message);
        } else {
            states.change(dyno, from, Dyno.CRASHED, message);
        }
    }

    private void forget(Running r) {
        r.handle.kill();
        r.handle.discard();
        r.booted.complete(false);
        running.remove(r.dyno.id(), r);
    }

    private static Integer waitForExit(Running r, Duration timeout) {
        try {
            return r.handle.exited().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            return null;
        }
    }

    /** A child that kept the pipe open (a daemon) does not hold the exit up for long. */
    private static void awaitOutput(Running r) {
        try {
            r.output.get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            // the exit is recorded anyway; later output still reaches the log
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @PreDestroy
    void close() {
        workers.shutdownNow();
    }

    private static final class Running {
        final Dyno dyno;
        final DynoRuntime.Handle handle;
        final CompletableFuture<Void> output;
        final CompletableFuture<Boolean> booted = new CompletableFuture<>();
        final AtomicBoolean finished = new AtomicBoolean();
        volatile boolean stopping;
        volatile String state = Dyno.STARTING;
        volatile Instant upSince;

        Running(Dyno dyno, DynoRuntime.Handle handle, CompletableFuture<Void> output) {
            this.dyno = dyno;
            this.handle = handle;
            this.output = output;
        }
    }
}
