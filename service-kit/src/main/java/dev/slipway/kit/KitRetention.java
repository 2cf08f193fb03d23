package dev.slipway.kit;

import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Keeps the kit's tables bounded: every {@link #EVERY} it deletes processed event ids older than
 * {@link #PROCESSED_EVENTS} and outbox rows sent more than {@link #SENT_OUTBOX} ago, a batch at a
 * time so no delete holds locks for long.
 *
 * <p>Why 15 days of event ids is safe: an id is only needed while Kafka may deliver its record
 * again. In normal running that is the records after the last committed offset (seconds). The far
 * case is a group whose committed offsets expired (Kafka's {@code offsets.retention.minutes}: 7 days
 * after the group's last member left) and restarts from the earliest record still on the topic:
 * {@code log.retention.hours} keeps 7 days, and a segment is deleted only when its newest record is
 * that old, which with the default 7-day {@code log.roll.hours} means records up to 14 days old.
 * 15 days outlives both, so a pruned id's record can no longer come back.
 *
 * <p>A sent outbox row is kept one day only to read in an incident: the relay never reads it again.
 */
public final class KitRetention implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(KitRetention.class);
    public static final Duration PROCESSED_EVENTS = Duration.ofDays(15);
    public static final Duration SENT_OUTBOX = Duration.ofDays(1);
    static final Duration EVERY = Duration.ofMinutes(10);
    private static final int BATCH = 5000;

    private final Db db;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().name("kit-retention").daemon().unstarted(r));

    public KitRetention(Db db) {
        this.db = db;
    }

    /** The first run a minute after start-up, off the start's busy path; then every {@link #EVERY}. */
    public KitRetention start() {
        timer.scheduleWithFixedDelay(this::pruneLogged, 60, EVERY.toSeconds(), TimeUnit.SECONDS);
        return this;
    }

    private void pruneLogged() {
        try {
            Pruned pruned = prune();
            if (pruned.processedEvents() + pruned.outboxRows() > 0) {
                LOG.infof("pruned %d processed event ids older than %d days and %d outbox rows sent over %d day(s) ago",
                        pruned.processedEvents(), PROCESSED_EVENTS.toDays(), pruned.outboxRows(), SENT_OUTBOX.toDays());
            }
        } catch (RuntimeException e) {
            // the database may be down: the next round tries again, and nothing waits on this one
            LOG.warnf("pruning the kit's tables failed: %s", e.getMessage());
        }
    }

    /** How many rows one round deleted. */
    public record Pruned(long processedEvents, long outboxRows) {}

    /** One round: deletes until nothing old is left. */
    public Pruned prune() {
        long events = deleteAll("DELETE FROM kit_processed_event WHERE event_id IN (SELECT event_id FROM kit_processed_event"
                + " WHERE processed_at < now() - make_interval(secs => ?) LIMIT " + BATCH + ")", PROCESSED_EVENTS);
        long outbox = deleteAll("DELETE FROM kit_outbox WHERE id IN (SELECT id FROM kit_outbox"
                + " WHERE sent_at < now() - make_interval(secs => ?) LIMIT " + BATCH + ")", SENT_OUTBOX);
        return new Pruned(events, outbox);
    }

    private long deleteAll(String sql, Duration age) {
        long total = 0;
        int deleted;
        do {
            deleted = db.inTransactionQuietly(tx -> {
                try (PreparedStatement delete = tx.prepareStatement(sql)) {
                    delete.setLong(1, age.toSeconds());
                    return delete.executeUpdate();
                }
            });
            total += deleted;
        } while (deleted == BATCH);
        return total;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
