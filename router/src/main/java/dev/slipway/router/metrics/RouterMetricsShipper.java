package dev.slipway.router.metrics;

import dev.slipway.events.EventCodec;
import dev.slipway.events.EventEnvelope;
import dev.slipway.events.RouterMetricsAggregated;
import dev.slipway.events.Topics;
import dev.slipway.router.messaging.ShipperProducers;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Ships the router's request metrics to {@code slipway.metrics}: at every 10-second boundary of the
 * wall clock its thread closes every event loop's window ({@link LoopMeter#close}), waits
 * {@link #SETTLE_MILLIS} for requests that were being counted during the swap, adds the loops'
 * tallies up per app and sends one {@code RouterMetricsAggregated} per app that had traffic.
 *
 * <p>Like the router's log lines, not through the kit's outbox: an aggregate announces no state
 * change, and the request path must not wait on PostgreSQL. Delivery is at most once (acks=1); a
 * window whose record Kafka does not take is lost and counted, the store shows a gap.
 */
@Singleton
public class RouterMetricsShipper {
    public static final int WINDOW_SECONDS = 10;
    static final long SETTLE_MILLIS = 250;
    private static final Logger LOG = Logger.getLogger(RouterMetricsShipper.class);

    private final String bootstrapServers;
    private final boolean enabled;
    private final List<LoopMeter> meters = new CopyOnWriteArrayList<>();
    private final AtomicLong lost = new AtomicLong();
    private volatile boolean running;
    private volatile Thread worker;
    private Producer<String, String> producer;

    RouterMetricsShipper(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
                         @ConfigProperty(name = "slipway.router.ship-metrics") boolean enabled) {
        this.bootstrapServers = bootstrapServers;
        this.enabled = enabled;
    }

    /** A meter for one event loop; it counts nothing when shipping is off. */
    public LoopMeter newMeter() {
        LoopMeter meter = new LoopMeter(enabled);
        meters.add(meter);
        return meter;
    }

    void start(@Observes StartupEvent event) {
        if (!enabled) {
            return;
        }
        Properties p = ShipperProducers.fireAndForget(bootstrapServers, "router-metrics");
        producer = new KafkaProducer<>(p);
        running = true;
        worker = Thread.ofPlatform().name("router-metrics-shipper").daemon().start(this::run);
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

    /** Windows (one app's record each) that Kafka did not take, since start. */
    long lost() {
        return lost.get();
    }

    private void run() {
        long windowMillis = WINDOW_SECONDS * 1000L;
        long windowStart = System.currentTimeMillis() / windowMillis * windowMillis;
        while (running) {
            long boundary = windowStart + windowMillis;
            long wait;
            while (running && (wait = boundary - System.currentTimeMillis()) > 0) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(wait));
            }
            // at a stop, the partial window so far is shipped too
            shipWindow(Instant.ofEpochMilli(windowStart));
            windowStart = boundary;
        }
    }

    private void shipWindow(Instant start) {
        List<Map<UUID, AppTally>> closed = new ArrayList<>(meters.size());
        meters.forEach(m -> closed.add(m.close()));
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(SETTLE_MILLIS));
        try {
            for (RouterMetricsAggregated window : WindowTotals.of(start, WINDOW_SECONDS, closed)) {
                String json = EventCodec.toJson(EventEnvelope.wrap(window, "router"));
                producer.send(new ProducerRecord<>(Topics.METRICS, window.appId().toString(), json), (metadata, e) -> {
                    if (e != null) {
                        lost.incrementAndGet();
                        LOG.warnf("router metrics of app %s for %s were not delivered: %s", window.appId(), start,
                                e.getMessage());
                    }
                });
            }
        } catch (RuntimeException e) {
            lost.incrementAndGet();
            LOG.warnf(e, "could not hand the router metrics of %s to Kafka", start);
        }
    }
}
