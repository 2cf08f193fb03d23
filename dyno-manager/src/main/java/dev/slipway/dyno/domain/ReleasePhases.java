package dev.slipway.dyno.domain;

import dev.slipway.dyno.config.LifecycleSettings;
import dev.slipway.dyno.persistence.DesiredStateRepository;
import dev.slipway.dyno.persistence.ReleasePhaseRepository;
import dev.slipway.events.LogLine;
import dev.slipway.events.ReleaseCreated;
import dev.slipway.events.ReleasePhaseFinished;
import dev.slipway.events.ReleasePhaseOutput;
import dev.slipway.kit.Db;
import dev.slipway.kit.Outbox;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Heroku's release phase. A release with a release command waits in {@code release_phase} while
 * the app keeps running its live release; the command runs in a one-off dyno {@code release.N}
 * (the new release's slug and config vars, the same sandbox as any dyno). Exit 0: the release
 * becomes the app's live release and the dynos move to it. Another exit, or no exit within the
 * time limit ({@code slipway.release-phase.timeout}): the release fails and nothing else changes.
 * Either way {@link ReleasePhaseFinished} says so, with the command's output before it as
 * {@link ReleasePhaseOutput}.
 *
 * <p>One phase at a time per app, in version order. A running command is never cut short by a
 * newer release (a half-run migration is worse than a late one), but a release waiting behind a
 * newer one never runs: it fails as superseded, and a release older than the live one never goes
 * live, so an older release never replaces a newer one.
 */
@ApplicationScoped
public class ReleasePhases {
    private static final Logger LOG = Logger.getLogger(ReleasePhases.class);
    private static final Duration FLUSH = Duration.ofMillis(250);

    private final Db db;
    private final Outbox outbox;
    private final ReleasePhaseRepository phases;
    private final DesiredStateRepository desired;
    private final DynoLedger ledger;
    private final DynoProcesses processes;
    private final AppOutput output;
    private final Supervisor supervisor;
    private final LifecycleSettings settings;
    private final InstantSource clock;
    private final Duration timeout;
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<UUID, AppLoop> loops = new ConcurrentHashMap<>();
    /** The release dyno each app runs now, so that deleting the app stops it. */
    private final Map<UUID, Dyno> runningDynos = new ConcurrentHashMap<>();
    private volatile boolean ready;
    private volatile boolean closing;

    ReleasePhases(Db db, Outbox outbox, ReleasePhaseRepository phases, DesiredStateRepository desired, DynoLedger ledger,
                  DynoProcesses processes, AppOutput output, Supervisor supervisor, LifecycleSettings settings,
                  InstantSource clock, @ConfigProperty(name = "slipway.release-phase.timeout") Duration timeout) {
        this.db = db;
        this.outbox = outbox;
        this.phases = phases;
        this.desired = desired;
        this.ledger = ledger;
        this.processes = processes;
        this.output = output;
        this.supervisor = supervisor;
        this.settings = settings;
        this.clock = clock;
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("slipway.release-phase.timeout must be positive");
        }
        this.timeout = timeout;
    }

    /** Stores a release that must pass its release phase first; in the consumer's transaction. */
    public void enqueue(java.sql.Connection tx, AppRelease release) throws java.sql.SQLException {
        phases.insert(tx, release);
    }

    /** Runs the app's waiting release phases, one at a time; returns at once. */
    public void kick(UUID appId) {
        loops.computeIfAbsent(appId, AppLoop::new).request();
    }

    /** The app is gone: its running release command is stopped (its phase then fails). */
    public void appDeleted(UUID appId) {
        Dyno dyno = runningDynos.get(appId);
        if (dyno != null) {
            workers.submit(() -> processes.stop(dyno, true));
        }
    }

    /** After the supervisor's recovery: phases the previous run left running failed with it; waiting ones run. */
    void start(@Observes @Priority(200) StartupEvent event) {
        List<AppRelease> interrupted = db.read(phases::running);
        for (AppRelease r : interrupted) {
            finish(r, List.of(), null, "the platform restarted while the release command ran");
        }
        ready = true;
        db.read(phases::appsWithPending).forEach(this::kick);
    }

    void stop(@Observes @Priority(1) ShutdownEvent event) {
        closing = true;
        workers.shutdownNow();
    }

    /** Runs the newest waiting phase of the app; older waiting ones are superseded. False when none waits. */
    private boolean runNext(UUID appId) {
        List<AppRelease> waiting = db.read(c -> phases.pending(c, appId));
        if (waiting.isEmpty()) {
            return false;
        }
        AppRelease newest = waiting.getLast();
        for (AppRelease older : waiting.subList(0, waiting.size() - 1)) {
            finish(older, List.of(), null, "v" + newest.version() + " superseded it before its release command ran");
        }
        AppRelease live = db.read(c -> desired.release(c, appId));
        if (live != null && live.version() >= newest.version()) {
            finish(newest, List.of(), null, "v" + live.version() + " superseded it before its release command ran");
            return true;
        }
        if (!db.inTransaction(tx -> phases.markRunning(tx, newest.releaseId()))) {
            return true;
        }
        try {
            run(newest);
        } catch (RuntimeException e) {
            LOG.errorf(e, "the release phase of v%d of %s could not run", newest.version(), newest.appName());
            finish(newest, List.of(), null, "the release command could not run: " + e.getMessage());
        }
        return true;
    }

    private void run(AppRelease release) {
        String command = release.processTypes().get(ReleaseCreated.RELEASE_PROCESS_TYPE);
        Instant now = clock.instant();
        Dyno dyno = new Dyno(UUID.randomUUID(), release.appId(), release.appName(), Dyno.RELEASE_TYPE + "." + release.version(),
                Dyno.RELEASE_TYPE, release.releaseId(), release.version(), Dyno.STARTING, settings.advertisedHost(), null,
                null, command, DynoSize.DEFAULT.heroku(), 0, now, now);
        ReleaseTranscript transcript = new ReleaseTranscript(release.appId(), release.releaseId(), release.version());
        ledger.insert(dyno);
        output.transcribe(dyno.id(), transcript);
        runningDynos.put(release.appId(), dyno);
        Integer status;
        String reason = null;
        try {
            var exit = processes.launch(dyno, release, Map.of());
            Instant deadline = clock.instant().plus(timeout);
            status = null;
            while (!exit.isDone() && clock.instant().isBefore(deadline) && !closing) {
                status = ClockWait.until(exit, min(deadline, clock.instant().plus(FLUSH)), clock, settings.poll());
                publish(transcript.drain());
            }
            if (closing) {
                // the next start finds the phase running, and fails it
                return;
            }
            status = exit.getNow(null);
            if (!exit.isDone()) {
                reason = "the release command did not exit within " + span(timeout) + ", Slipway's limit; it was stopped";
                ledger.log(dyno, "Error: release command timed out after " + span(timeout) + "; stopping it");
                processes.stop(dyno, true);
                status = null;
            } else if (status == null) {
                reason = "the release command could not start (its log says why)";
                output.stopTranscribing(dyno.id());
                transcript.end();
            } else if (status != 0) {
                reason = "the release command exited with status " + status;
            }
            // the last lines come before the end
            try {
                transcript.ended().get(2, TimeUnit.SECONDS);
            } catch (Exception e) {
                // a child kept the output open: what arrived is kept
            }
        } finally {
            runningDynos.remove(release.appId(), dyno);
        }
        finish(release, transcript.drain(), status, reason);
    }

    /** The phase's end, in one transaction: its last output, the event, and the release live when it passed. */
    private void finish(AppRelease release, List<ReleasePhaseOutput> lastLines, Integer status, String reason) {
        boolean passed = reason == null && status != null && status == 0;
        db.inTransaction(tx -> {
            for (ReleasePhaseOutput lines : lastLines) {
                outbox.publish(tx, lines);
            }
            if (!phases.delete(tx, release.releaseId())) {
                return null;
            }
            outbox.publish(tx, new ReleasePhaseFinished(release.appId(), release.releaseId(), release.version(),
                    passed ? ReleasePhaseFinished.SUCCEEDED : ReleasePhaseFinished.FAILED, status, reason));
            if (passed) {
                // ignored when a newer release is live already
                desired.upsertRelease(tx, release);
            } else {
                outbox.publish(tx, new LogLine(release.appId(), clock.instant(), "app", "api",
                        "Release v" + release.version() + " command failed: " + reason));
            }
            return null;
        });
        LOG.infof("release phase of v%d of %s: %s", release.version(), release.appName(),
                passed ? "succeeded" : "failed, " + reason);
        if (passed) {
            supervisor.desiredStateChanged(release.appId());
        }
    }

    private void publish(List<ReleasePhaseOutput> lines) {
        if (lines.isEmpty()) {
            return;
        }
        try {
            db.inTransaction(tx -> {
                for (ReleasePhaseOutput e : lines) {
                    outbox.publish(tx, e);
                }
                return null;
            });
        } catch (RuntimeException e) {
            LOG.warnf("could not write %d batch(es) of release output: %s", lines.size(), e.getMessage());
        }
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    static String span(Duration d) {
        if (d.toSeconds() % 3600 == 0) {
            return d.toHours() == 1 ? "1 hour" : d.toHours() + " hours";
        }
        if (d.toSeconds() % 60 == 0) {
            return d.toMinutes() == 1 ? "1 minute" : d.toMinutes() + " minutes";
        }
        return d.toSeconds() + " seconds";
    }

    private final class AppLoop {
        private final UUID appId;
        private final AtomicBoolean dirty = new AtomicBoolean();
        private final AtomicBoolean running = new AtomicBoolean();

        AppLoop(UUID appId) {
            this.appId = appId;
        }

        void request() {
            dirty.set(true);
            if (ready && !closing && running.compareAndSet(false, true)) {
                workers.submit(this::drain);
            }
        }

        private void drain() {
            try {
                while (!closing && dirty.getAndSet(false)) {
                    try {
                        while (!closing && runNext(appId)) {
                            // the next waiting phase, if any
                        }
                    } catch (RuntimeException e) {
                        LOG.errorf(e, "release phase of app %s failed to run; trying again on the next release", appId);
                    }
                }
            } finally {
                running.set(false);
                if (dirty.get()) {
                    request();
                }
            }
        }
    }
}
