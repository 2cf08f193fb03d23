package dev.slipway.git.domain;

import dev.slipway.events.BuildFailed;
import dev.slipway.events.BuildLogLine;
import dev.slipway.events.DynoStateChanged;
import dev.slipway.events.Event;
import dev.slipway.events.PushReceived;
import dev.slipway.events.ReleaseCreated;
import dev.slipway.events.ReleasePhaseFinished;
import dev.slipway.events.ReleasePhaseOutput;
import dev.slipway.events.SlugBuilt;
import dev.slipway.git.config.GatewayConfig;
import dev.slipway.git.persistence.PushRepository;
import dev.slipway.kit.Db;
import dev.slipway.kit.Outbox;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A deploy-branch push from the hook's point of view: record it and announce it (PushReceived),
 * then follow its build and release, describing them line by line, until it succeeds or fails.
 * One push builds per app at a time; a second one is rejected rather than queued, as the pusher
 * is told at once and can simply push again.
 */
@ApplicationScoped
public class PushService {
    private static final Duration RELEASE_GRACE = Duration.ofSeconds(10);
    private final Db db;
    private final Outbox outbox;
    private final PushRepository pushes;
    private final PushSessions sessions;
    private final SourceArchives archives;
    private final GatewayConfig config;

    PushService(Db db, Outbox outbox, PushRepository pushes, PushSessions sessions, SourceArchives archives,
                GatewayConfig config) {
        this.db = db;
        this.outbox = outbox;
        this.pushes = pushes;
        this.sessions = sessions;
        this.archives = archives;
        this.config = config;
    }

    public sealed interface Start {}

    public record Accepted(UUID pushId, BlockingQueue<Event> events) implements Start {}

    public record Rejected(String reason) implements Start {}

    void failOrphans(@Observes StartupEvent event) {
        db.inTransaction(tx -> pushes.failAllPending(tx, "the git gateway restarted during the build"));
    }

    public Start begin(PushGrant grant, String ref, String oldRev, String newRev, String archive) {
        UUID pushId = UUID.randomUUID();
        Optional<Path> source = archives.adopt(archive, pushId);
        if (source.isEmpty()) {
            return new Rejected("the source archive is missing");
        }
        BlockingQueue<Event> events = sessions.open(pushId, grant.appId());
        String sourceUrl = grant.internalUrl() + "/internal/pushes/" + pushId + "/source";
        String refusal = db.inTransaction(tx -> {
            if (!pushes.lockApp(tx, grant.appId())) {
                return "the app " + grant.appName() + " no longer exists";
            }
            // A stuck pending row must not block the app forever: it counts only within the push timeout.
            if (pushes.hasRunning(tx, grant.appId(), config.pushTimeout().plusMinutes(1))) {
                return "a build is already running for " + grant.appName() + "; push again when it has finished";
            }
            pushes.insert(tx, pushId, grant.appId(), ref, oldRev, newRev, grant.pushedBy());
            outbox.publish(tx, new PushReceived(grant.appId(), pushId, ref, newRev, sourceUrl, grant.pushedBy()));
            return null;
        });
        if (refusal != null) {
            sessions.close(pushId);
            deleteQuietly(source.get());
            return new Rejected(refusal);
        }
        return new Accepted(pushId, events);
    }

    /**
     * Describes the build and release to {@code out}; true when the push's release exists.
     * ReleaseCreated travels on another topic than the build's events, so it can overtake the
     * build's last lines; it is held back until SlugBuilt (the build's last event) or a short grace.
     */
    public boolean follow(Accepted push, PushGrant grant, String commit, Consumer<String> out) {
        long deadline = System.nanoTime() + config.pushTimeout().toNanos();
        ReleaseCreated release = null;
        long graceEnd = 0;
        boolean built = false;
        DeployVerification verification = new DeployVerification();
        List<Event> early = new ArrayList<>();
        try {
            out.accept("-----> Building " + grant.appName() + " (commit " + shortCommit(commit) + ") on Slipway");
            while (true) {
                long until = release == null ? deadline : Math.min(deadline, graceEnd);
                long left = until - System.nanoTime();
                Event event = left <= 0 ? null : push.events().poll(left, TimeUnit.NANOSECONDS);
                if (event == null) {
                    return release != null ? released(release, grant, push, verification, early, deadline, out)
                            : timedOut(push.pushId(), out);
                }
                switch (event) {
                    case BuildLogLine e -> out.accept(e.line());
                    case BuildFailed e -> {
                        out.accept(" !     Push rejected, " + (e.reason() == null ? "the build failed" : e.reason()));
                        return false;
                    }
                    case SlugBuilt e -> built = true;
                    case ReleaseCreated e -> {
                        release = e;
                        graceEnd = System.nanoTime() + RELEASE_GRACE.toNanos();
                    }
                    case DynoStateChanged e -> verification.note(e);
                    case ReleasePhaseOutput e -> early.add(e);
                    case ReleasePhaseFinished e -> early.add(e);
                    default -> { }
                }
                if (release != null && built) {
                    return released(release, grant, push, verification, early, deadline, out);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            db.inTransaction(tx -> pushes.markFailed(tx, push.pushId(), "the push was interrupted"));
            return false;
        } finally {
            sessions.close(push.pushId());
        }
    }

    /**
     * The release exists, so the push is accepted whatever follows. A release phase runs before
     * the release goes live (Heroku prints "Verifying deploy" first; here it waits for the new web
     * dyno, which starts only after the phase), and a failed one ends the description.
     */
    private boolean released(ReleaseCreated release, PushGrant grant, Accepted push, DeployVerification verification,
                             List<Event> early, long deadline, Consumer<String> out) throws InterruptedException {
        out.accept("       Released v" + release.version());
        out.accept("       " + config.webUrl(grant.appName()) + " deployed to Slipway");
        out.accept("");
        if (release.pending() && ReleasePhaseFollower.follow(release, early, push.events(), verification, deadline, out)
                != ReleasePhaseFollower.Outcome.SUCCEEDED) {
            return true;
        }
        out.accept("Verifying deploy... " + verification.await(release, push.events()));
        return true;
    }

    private boolean timedOut(UUID pushId, Consumer<String> out) {
        Duration limit = config.pushTimeout();
        String span = limit.toSeconds() % 60 == 0 ? limit.toMinutes() + " minutes" : limit.toSeconds() + " seconds";
        db.inTransaction(tx -> pushes.markFailed(tx, pushId, "timed out after " + span));
        out.accept(" !     Push rejected, the build did not finish within " + span + ".");
        return false;
    }

    static String shortCommit(String commit) {
        return commit == null || commit.length() < 7 ? String.valueOf(commit) : commit.substring(0, 7);
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // the hourly cleanup gets it
        }
    }
}
