package dev.slipway.kit;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.jboss.logging.Logger;

/**
 * Sends unsent outbox rows to Kafka in id order and marks them sent, on one thread. A row is marked
 * only after the broker acknowledged it, so a crash or a broker outage at worst sends a row twice:
 * consumers are idempotent. Woken after each commit; polls as a safety net. Sent rows are pruned by
 * {@link KitRetention}.
 */
public class OutboxRelay implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final int BATCH = 500;
    /**
     * Every commit through {@link Db} wakes the relay at once, so this poll is only a safety net
     * (a wake-up lost to a crash of the relay thread's batch): rare enough to cost nothing when idle.
     */
    private static final long POLL_MILLIS = 1000;

    private final Db db;
    private final KafkaProducer<String, String> producer;
    private final Semaphore wakeUp = new Semaphore(0);
    private final Thread thread;
    private volatile boolean running = true;

    public OutboxRelay(Db db, String bootstrapServers, String clientId) {
        this.db = db;
        this.producer = new KafkaProducer<>(KafkaClients.outboxProducer(bootstrapServers, clientId));
        this.thread = Thread.ofPlatform().name("outbox-relay").daemon().unstarted(this::run);
        db.onCommit(this::wake);
    }

    public OutboxRelay start() {
        thread.start();
        return this;
    }

    public void wake() {
        wakeUp.release();
    }

    private void run() {
        long backoff = 100;
        while (running) {
            try {
                wakeUp.tryAcquire(POLL_MILLIS, TimeUnit.MILLISECONDS);
                wakeUp.drainPermits();
                while (running && relayBatch() == BATCH) {
                    // a full batch: there may be more
                }
                backoff = 100;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                LOG.warnf("outbox relay failed, retrying in %d ms: %s", backoff, e.getMessage());
                sleep(backoff);
                backoff = Math.min(backoff * 2, 5000);
            }
        }
    }

    /** Sends one batch in a transaction that holds the rows' locks until they are marked. */
    int relayBatch() {
        return db.inTransactionQuietly(tx -> {
            List<Long> ids = new ArrayList<>();
            List<Future<RecordMetadata>> sends = new ArrayList<>();
            try (PreparedStatement select = tx.prepareStatement(
                    "SELECT id, topic, partition_key, envelope FROM kit_outbox WHERE sent_at IS NULL"
                            + " ORDER BY id LIMIT " + BATCH + " FOR UPDATE SKIP LOCKED");
                 ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getLong(1));
                    sends.add(producer.send(new ProducerRecord<>(rows.getString(2), rows.getString(3), rows.getString(4))));
                }
            }
            if (ids.isEmpty()) {
                return 0;
            }
            for (Future<RecordMetadata> send : sends) {
                try {
                    send.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while sending", e);
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException("send failed: " + e.getCause().getMessage(), e.getCause());
                }
            }
            Array idArray = tx.createArrayOf("bigint", ids.toArray());
            try (PreparedStatement mark = tx.prepareStatement("UPDATE kit_outbox SET sent_at = now() WHERE id = ANY (?)")) {
                mark.setArray(1, idArray);
                mark.executeUpdate();
            }
            return ids.size();
        });
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        wake();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
