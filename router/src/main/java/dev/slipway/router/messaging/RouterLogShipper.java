package dev.slipway.router.messaging;

import dev.slipway.events.EventCodec;
import dev.slipway.events.EventEnvelope;
import dev.slipway.events.LogLine;
import dev.slipway.events.Topics;
import dev.slipway.router.domain.RequestIds;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Ships the router's {@code heroku[router]} lines to the app's log stream as {@code LogLine}
 * events on {@code slipway.logs}. The edge only offers a line to a bounded queue (never blocks,
 * drops when full); a worker hands them to a Kafka producer of its own, which batches them.
 *
 * <p>Deliberately not through the kit's outbox: a router line announces no state change, so it
 * needs no transaction, and the outbox would cost one PostgreSQL row (insert, relay, prune) per
 * proxied request, which on the bench cut the router's throughput by two thirds. The record is
 * the one the outbox relay would send: the envelope as JSON, keyed by the app id. Delivery is
 * at most once, as Heroku's router lines are (Logplex drops under pressure too).
 */
@ApplicationScoped
public class RouterLogShipper {
    private static final Logger LOG = Logger.getLogger(RouterLogShipper.class);
    private static final int BATCH = 500;

    private final String bootstrapServers;
    private final boolean enabled;
    private final BlockingQueue<LogLine> queue;
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean running;
    private Thread worker;
    private Producer<String, String> producer;

    RouterLogShipper(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
                     @ConfigProperty(name = "slipway.router.ship-logs") boolean enabled,
                     @ConfigProperty(name = "slipway.router.log-queue-size") int queueSize) {
        this.bootstrapServers = bootstrapServers;
        this.enabled = enabled;
        this.queue = new ArrayBlockingQueue<>(Math.max(1, queueSize));
    }

    void start(@Observes StartupEvent event) {
        if (enabled) {
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            p.put(ProducerConfig.CLIENT_ID_CONFIG, "router-logs");
            p.put(ProducerConfig.ACKS_CONFIG, "1");
            p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
            p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
            p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
            p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "2000");
            p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
            p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
            p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            producer = new KafkaProducer<>(p);
            running = true;
            worker = Thread.ofPlatform().name("router-log-shipper").daemon().start(this::run);
        }
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        if (worker != null) {
            worker.join(5_000);
            producer.close(java.time.Duration.ofSeconds(5));
        }
    }

    /** Called on the event loop: must never block. */
    public void offer(UUID appId, String message) {
        if (enabled && appId != null && !queue.offer(new LogLine(appId, Instant.now(), "heroku", "router", message))) {
            dropped.incrementAndGet();
        }
    }

    private void run() {
        List<LogLine> batch = new ArrayList<>(BATCH);
        while (running || !queue.isEmpty()) {
            try {
                LogLine first = queue.poll(250, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, BATCH - 1);
                for (LogLine line : batch) {
                    // as EventEnvelope.wrap, with an event id that does not take SecureRandom's lock per line
                    EventEnvelope envelope = new EventEnvelope(UUID.fromString(RequestIds.generate()), "LogLine",
                            EventEnvelope.CURRENT_SCHEMA_VERSION, line.at(), line.appId(), "router", line);
                    producer.send(new ProducerRecord<>(Topics.LOGS, line.appId().toString(), EventCodec.toJson(envelope)),
                            (metadata, e) -> {
                                if (e != null) {
                                    dropped.incrementAndGet();
                                }
                            });
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warnf(e, "dropping %d router log lines", batch.size());
            } finally {
                batch.clear();
            }
            long lost = dropped.getAndSet(0);
            if (lost > 0) {
                LOG.warnf("router log lines dropped (queue full or Kafka unavailable): %d", lost);
            }
        }
    }
}
