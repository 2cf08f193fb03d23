package dev.slipway.router.messaging;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Ships the router's {@code heroku[router]} lines to the app's log stream on {@code slipway.logs}:
 * one {@code LogLines} record per app per flush. The edge's {@link #offer} puts the line in a
 * lock-free bounded ring and returns (a full ring drops the line and counts it); it wakes nobody,
 * except once every quarter of the ring's capacity. A worker thread wakes every
 * {@code slipway.router.log-flush-period} (25 ms), drains the ring, writes each app's lines as one
 * envelope's JSON by hand and hands it to a Kafka producer of its own.
 *
 * <p>Deliberately not through the kit's outbox: a router line announces no state change, so it
 * needs no transaction, and the outbox would cost one PostgreSQL row (insert, relay, prune) per
 * proxied request, which on the bench cut the router's throughput by two thirds. Delivery is at
 * most once, as Heroku's router lines are (Logplex drops under pressure too).
 *
 * <p>A {@code @Singleton}, not {@code @ApplicationScoped}: the edge calls it on every request, and
 * a singleton is handed out as itself rather than behind a client proxy.
 */
@Singleton
public class RouterLogShipper {
    private static final Logger LOG = Logger.getLogger(RouterLogShipper.class);

    private final String bootstrapServers;
    private final boolean enabled;
    private final long flushNanos;
    private final LineBuffer buffer;
    /** The worker is woken when an offer takes a position with all these bits set. */
    private final long wakeMask;
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean running;
    private volatile Thread worker;
    private Producer<String, String> producer;

    RouterLogShipper(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
                     @ConfigProperty(name = "slipway.router.ship-logs") boolean enabled,
                     @ConfigProperty(name = "slipway.router.log-queue-size") int queueSize,
                     @ConfigProperty(name = "slipway.router.log-flush-period") Duration flushPeriod) {
        this.bootstrapServers = bootstrapServers;
        this.enabled = enabled;
        this.flushNanos = Math.max(1, flushPeriod.toNanos());
        this.buffer = enabled ? new LineBuffer(queueSize) : null;
        this.wakeMask = enabled ? Math.max(1, buffer.capacity() / 4) - 1 : 0;
    }

    void start(@Observes StartupEvent event) {
        if (enabled) {
            Properties p = ShipperProducers.fireAndForget(bootstrapServers, "router-logs");
            // the worker already gathers a flush's lines; linger only lets that flush's records share a request
            p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
            producer = new KafkaProducer<>(p);
            running = true;
            worker = Thread.ofPlatform().name("router-log-shipper").daemon().start(this::run);
        }
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        Thread w = worker;
        if (w != null) {
            LockSupport.unpark(w);
            w.join(5_000);
            producer.close(Duration.ofSeconds(5));
        }
    }

    /** Whether lines are shipped at all ({@code slipway.router.ship-logs}). */
    public boolean enabled() {
        return enabled;
    }

    /** Called on the event loop: never blocks, takes no lock, wakes no thread for this line. */
    public void offer(UUID appId, String message) {
        if (!enabled || appId == null) {
            return;
        }
        Instant now = Instant.now();
        long position = buffer.offer(appId, now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000, message);
        if (position < 0) {
            dropped.incrementAndGet();
        } else if ((position & wakeMask) == wakeMask) {
            LockSupport.unpark(worker); // a quarter of the ring since the last such wake: flush before the period ends
        }
    }

    /** Lines dropped since start: the ring was full, or Kafka did not take them. */
    long dropped() {
        return dropped.get();
    }

    private void run() {
        AppBatches batches = new AppBatches(producer, dropped);
        long reported = 0;
        while (running) {
            LockSupport.parkNanos(flushNanos);
            flush(batches);
            reported = warnOfDrops(reported);
        }
        flush(batches); // what was offered before the stop
        warnOfDrops(reported);
    }

    private void flush(AppBatches batches) {
        RuntimeException failure = null;
        try {
            int drained;
            do {
                // one lap of the ring at a time, so a flood still sends what has been drained so far
                drained = buffer.drain(batches, buffer.capacity());
                RuntimeException sendFailure = batches.sendAll();
                failure = failure == null ? sendFailure : failure;
            } while (drained == buffer.capacity());
        } catch (RuntimeException e) {
            failure = e;
        }
        if (failure != null) {
            LOG.warnf(failure, "could not hand router log lines to Kafka");
        }
    }

    private long warnOfDrops(long reported) {
        long total = dropped.get();
        if (total > reported) {
            LOG.warnf("router log lines dropped (buffer full or Kafka unavailable): %d", total - reported);
        }
        return total;
    }
}
