package dev.slipway.dyno.domain;

import dev.slipway.dyno.persistence.DesiredStateRepository;
import dev.slipway.dyno.persistence.DynoRepository;
import dev.slipway.kit.Db;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
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

    private final Db db;
    private final DesiredStateRepository desired;
    private final DynoRepository dynos;
    private final Converger converger;
    private final DynoProcesses processes;
    private final DynoStates states;
    private final DynoRuntime runtime;
    private final CrashBackoff backoff;
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().name("dyno-timer").daemon().unstarted(r));
    private final Map<UUID, AppLoop> loops = new ConcurrentHashMap<>();
    private volatile boolean ready;
    private volatile boolean closing;

    Supervisor(Db db, DesiredStateRepository desired, DynoRepository dynos, Converger converger,
               DynoProcesses processes, DynoStates states, DynoRuntime runtime, CrashBackoff backoff) {
        this.db = db;
        this.desired = desired;
        this.dynos = dynos;
        this.converger = converger;
        this.processes = processes;
        this.states = states;
        this.runtime = runtime;
        this.backoff = backoff;
    }

    @PostConstruct
    void wire() {
        processes.onCrash(this::crashed);
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
            List<Dyno> matching = db.read(c -> dynos.list(c, appId)).stream().filter(which).toList();
            backoff.reset(appId);
            matching.parallelStream().forEach(d -> processes.stop(d, d.oneOff()));
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
            states.log(dyno, "Restarting in " + delay.toSeconds() + " s (crash back-off)");
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
        // our dynos died with the previous run (or are killed now): their rows are stale
        List<Dyno> stale = db.read(dynos::all);
        stale.forEach(runtime::reap);
        for (Dyno d : stale) {
            if (d.oneOff()) {
                states.remove(d, d.state(), "Platform restarted");
            } else if (!Dyno.DOWN.equals(d.state())) {
                states.change(d, d.state(), Dyno.DOWN, "Platform restarted");
            }
        }
        runtime.clearWorkspace();
        Set<UUID> apps = new LinkedHashSet<>(db.read(desired::knownApps));
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
                                later(appId, Duration.between(Instant.now(), comeBack));
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
