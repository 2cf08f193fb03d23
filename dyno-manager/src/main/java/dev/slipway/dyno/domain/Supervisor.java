package dev.slipway.dyno.domain;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * Runs converges on worker threads, one at a time per app: requests that arrive while one runs
 * fold into a single next pass. Also the platform's start (stale dynos down, every app converged
 * again) and stop (every dyno stopped, so nothing outlives the platform).
 */
@ApplicationScoped
public class Supervisor {
    private static final Logger LOG = Logger.getLogger(Supervisor.class);

    private final DynoLedger ledger;
    private final Converger converger;
    private final DynoProcesses processes;
    private final DynoRuntime runtime;
    private final CrashBackoff backoff;
    private final InstantSource clock;
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().name("dyno-timer").daemon().unstarted(r));
    private final Map<UUID, AppLoop> loops = new ConcurrentHashMap<>();
    private volatile boolean ready;
    private volatile boolean closing;

    Supervisor(DynoLedger ledger, Converger converger, DynoProcesses processes, DynoRuntime runtime,
               CrashBackoff backoff, InstantSource clock) {
        this.ledger = ledger;
        this.converger = converger;
        this.processes = processes;
        this.runtime = runtime;
        this.backoff = backoff;
        this.clock = clock;
    }

    @PostConstruct
    void wire() {
        processes.onCrash(this::crashed);
        // a successor that is up may let a dyno being replaced go
        processes.onUp(d -> converge(d.appId()));
    }

    /** Asks for a converge of the app; returns at once. */
    public void converge(UUID appId) {
        loop(appId).request();
    }

    /** A new release or a scale: the crash back-off starts over, as on Heroku. */
    public void desiredStateChanged(UUID appId) {
        backoff.reset(appId);
        converge(appId);
    }

    /** Stops the matching dynos; the formation then starts them again (one-off dynos are just gone). */
    public void restart(UUID appId, Predicate<Dyno> which) {
        loop(appId).submit(() -> {
            List<Dyno> matching = ledger.dynos(appId).stream().filter(which).toList();
            backoff.reset(appId);
            matching.parallelStream().forEach(d -> processes.stop(d, d.oneOff()));
        });
    }

    /** Daily cycling: the dyno gets a successor, and goes once the successor is up. */
    public void cycle(Dyno dyno) {
        if (converger.cycle(dyno)) {
            ledger.log(dyno, "Cycling");
            converge(dyno.appId());
        }
    }

    /**
     * R15: the dyno is killed and left down; the formation starts it again, after the crash
     * back-off when this keeps happening (a dyno that balloons at every start would otherwise
     * restart every few seconds for ever).
     */
    public void memoryExceeded(Dyno dyno, Instant upSince, List<String> lines) {
        List<String> said = new ArrayList<>(lines);
        said.add("Stopping process with SIGKILL");
        loop(dyno.appId()).submit(() -> {
            processes.kill(dyno, said.toArray(String[]::new));
            if (!dyno.oneOff()) {
                crashed(dyno, upSince);
            }
        });
    }

    /** Starts a one-off dyno whose row is already written; its process runs beside the formation's. */
    public void runOneOff(Dyno dyno, AppRelease release, Map<String, String> env) {
        workers.submit(() -> processes.launch(dyno, release, env));
    }

    private void crashed(Dyno dyno, Instant upSince) {
        Duration delay = backoff.crashed(dyno.appId(), dyno.name(), upSince);
        if (delay.isZero()) {
            converge(dyno.appId());
        } else {
            ledger.log(dyno, "Restarting in " + delay.toSeconds() + " s (crash back-off)");
            later(dyno.appId(), delay);
        }
    }

    private void later(UUID appId, Duration delay) {
        if (!closing) {
            timer.schedule(() -> converge(appId), Math.max(delay.toMillis(), 10), TimeUnit.MILLISECONDS);
        }
    }

    void start(@Observes @Priority(100) StartupEvent event) {
        runtime.startupWarning().ifPresent(warning -> LOG.warn("""

                ************************************************************************
                * %s
                ************************************************************************""".formatted(warning)));
        recover();
    }

    /** The platform (re)started: stale rows go down, every known app is converged again. */
    void recover() {
        // our dynos died with the previous run (or are killed now): their rows are stale
        List<Dyno> stale = ledger.all();
        stale.forEach(runtime::reap);
        for (Dyno d : stale) {
            if (d.oneOff()) {
                ledger.remove(d, d.state(), "Platform restarted");
            } else if (!Dyno.DOWN.equals(d.state())) {
                ledger.change(d, d.state(), Dyno.DOWN, "Platform restarted");
            }
        }
        runtime.clearWorkspace();
        Set<UUID> apps = new LinkedHashSet<>(ledger.knownApps());
        apps.addAll(loops.keySet());
        ready = true;
        LOG.infof("converging %d app(s) after start", apps.size());
        apps.forEach(this::converge);
    }

    /** Runs before the kit closes its relay, so the dynos' last states still leave. */
    void stop(@Observes @Priority(1) ShutdownEvent event) {
        closing = true;
        timer.shutdownNow();
        processes.stopAll();
        workers.shutdownNow();
    }

    private AppLoop loop(UUID appId) {
        return loops.computeIfAbsent(appId, AppLoop::new);
    }

    private final class AppLoop {
        private final UUID appId;
        private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean dirty = new AtomicBoolean();
        private final AtomicBoolean running = new AtomicBoolean();

        AppLoop(UUID appId) {
            this.appId = appId;
        }

        void request() {
            dirty.set(true);
            kick();
        }

        /** A task, followed by a converge. */
        void submit(Runnable task) {
            tasks.add(task);
            request();
        }

        void kick() {
            if (ready && !closing && running.compareAndSet(false, true)) {
                workers.submit(this::drain);
            }
        }

        private void drain() {
            try {
                while (!closing) {
                    Runnable task = tasks.poll();
                    if (task != null) {
                        guarded(task);
                    } else if (dirty.getAndSet(false)) {
                        guarded(() -> {
                            Instant comeBack = converger.converge(appId);
                            if (comeBack != null) {
                                later(appId, Duration.between(clock.instant(), comeBack));
                            }
                        });
                    } else {
                        break;
                    }
                }
            } finally {
                running.set(false);
                if (!tasks.isEmpty() || dirty.get()) {
                    kick();
                }
            }
        }

        private void guarded(Runnable work) {
            try {
                work.run();
            } catch (RuntimeException e) {
                LOG.errorf(e, "converging app %s failed; retrying in 5 s", appId);
                later(appId, Duration.ofSeconds(5));
            }
        }
    }
}
