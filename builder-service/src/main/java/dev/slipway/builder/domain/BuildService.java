package dev.slipway.builder.domain;

import dev.slipway.builder.persistence.BuildRepository;
import dev.slipway.events.BuildFailed;
import dev.slipway.events.BuildStarted;
import dev.slipway.events.PushReceived;
import dev.slipway.kit.Db;
import dev.slipway.kit.Outbox;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/** Builds as an aggregate: created from a push, handed to the workers, and cleaned up after a crash. */
@ApplicationScoped
public class BuildService {
    static final String INTERRUPTED = "Build interrupted: builder-service stopped while the build was running. "
            + "Push again to rebuild.";
    private static final Logger LOG = Logger.getLogger(BuildService.class);

    private final Db db;
    private final Outbox outbox;
    private final BuildQueue queue;

    BuildService(Db db, Outbox outbox, BuildQueue queue) {
        this.db = db;
        this.outbox = outbox;
        this.queue = queue;
    }

    /** In the consumer's transaction: a pending build and its BuildStarted; null for a push already seen. */
    public Build create(Connection tx, PushReceived push) throws SQLException {
        Instant now = Instant.now();
        UUID userId = accountOf(tx, push.pushedBy());
        Build build = new Build(UUID.randomUUID(), push.appId(), push.pushId(),
                push.commit() == null ? "" : push.commit(), push.sourceUrl() == null ? "" : push.sourceUrl(),
                userId, push.pushedBy(), Build.PENDING, List.of(), null, null, null, now, now);
        if (!BuildRepository.insert(tx, build)) {
            return null;
        }
        outbox.publish(tx, new BuildStarted(build.appId(), build.id(), build.pushId(), build.commit()));
        return build;
    }

    /** After the commit: the build waits for a worker. */
    public void enqueue(UUID pushId) {
        Build build = db.read(c -> {
            try (PreparedStatement q = c.prepareStatement("SELECT id FROM build WHERE push_id = ? AND status = 'pending'")) {
                q.setObject(1, pushId);
                try (ResultSet rs = q.executeQuery()) {
                    return rs.next() ? BuildRepository.find(c, rs.getObject(1, UUID.class)) : null;
                }
            }
        });
        if (build != null) {
            queue.submit(build.appId(), build.id());
        }
    }

    /**
     * A build still pending at start-up (before the consumer runs) was cut off by a crash or a stop. It is failed rather than
     * resumed: its work dir is half-written and the push it belongs to has long been reported to
     * the client, so a clear failure and a new push is the honest answer.
     */
    void onStart(@Observes @Priority(6) StartupEvent event) {
        failInterrupted();
    }

    /** Fails every pending build; only safe while no build runs (start-up, or a test between builds). */
    public int failInterrupted() {
        List<Build> pending = db.read(BuildRepository::pending);
        for (Build build : pending) {
            db.inTransaction(tx -> {
                BuildRepository.addLine(tx, build.id(), BuildRepository.lastSeq(tx, build.id()) + 1, " !     " + INTERRUPTED);
                if (BuildRepository.fail(tx, build.id(), INTERRUPTED)) {
                    outbox.publish(tx, new BuildFailed(build.appId(), build.id(), build.pushId(), INTERRUPTED));
                }
                return null;
            });
            LOG.warnf("build %s of app %s was interrupted and is now failed", build.id(), build.appId());
        }
        return pending.size();
    }

    private static UUID accountOf(Connection tx, String email) throws SQLException {
        if (email == null) {
            return null;
        }
        try (PreparedStatement q = tx.prepareStatement("SELECT account_id FROM kit_api_key WHERE email = ? LIMIT 1")) {
            q.setString(1, email);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? rs.getObject(1, UUID.class) : null;
            }
        }
    }
}
