package dev.slipway.kit;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * Sends unsent outbox rows to Kafka in id order and marks them sent, on one thread. A row is marked
 * only after the broker acknowledged it, so a crash or a broker outage at worst sends a row twice:
 * consumers are idempotent. Woken after each commit; polls as a safety net.
 */
public class OutboxRelay implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final int BATCH = 500;
    /**
     * Every commit through {@link Db} wakes the relay at once, so this poll is only a safety net
     * (a wake-up lost to a crash of the relay thread's batch): rare enough to cost nothing when idle.
     */
    private static final long POLL_MILLIS = 1000;
    /** Sent rows are kept a day; deleting them is a scan, so it runs once a minute, not per batch. */
    private static final long PRUNE_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final Db db;
    private final KafkaProducer<String, String> producer;
    private final Semaphore wakeUp = new Semaphore(0);
    private final Thread thread;
    private volatile boolean running = true;
    private long nextPrune = System.nanoTime();

    public OutboxRelay(Db db, String bootstrapServers, String clientId) {
        this.db = db;
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId + "-outbox");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "20000");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        KafkaCredentials.apply(p); // this service's own broker login (devstack/README.md)
        this.producer = new KafkaProducer<>(p);
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
            if (System.nanoTime() - nextPrune >= 0) {
                try (PreparedStatement prune = tx.prepareStatement(
                        "DELETE FROM kit_outbox WHERE sent_at < now() - interval '1 day'")) {
                    prune.executeUpdate();
                }
                nextPrune = System.nanoTime() + PRUNE_EVERY_NANOS;
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
