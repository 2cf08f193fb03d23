package dev.slipway.router.messaging;

import dev.slipway.events.LogLine;
import dev.slipway.kit.Db;
import dev.slipway.kit.Outbox;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Ships the router's {@code heroku[router]} lines to the app's log stream as {@code LogLine}
 * events. The edge only offers a line to a bounded queue (never blocks, drops when full); a
 * worker writes whole batches through the outbox in one transaction, so the database stays off
 * the request path.
 */
@ApplicationScoped
public class RouterLogShipper {
    private static final Logger LOG = Logger.getLogger(RouterLogShipper.class);
    private static final int BATCH = 500;

    private final Db db;
    private final Outbox outbox;
    private final boolean enabled;
    private final BlockingQueue<LogLine> queue;
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean running;
    private Thread worker;

    RouterLogShipper(Db db, Outbox outbox, @ConfigProperty(name = "slipway.router.ship-logs") boolean enabled,
                     @ConfigProperty(name = "slipway.router.log-queue-size") int queueSize) {
        this.db = db;
        this.outbox = outbox;
        this.enabled = enabled;
        this.queue = new ArrayBlockingQueue<>(Math.max(1, queueSize));
    }

    void start(@Observes StartupEvent event) {
        if (enabled) {
            running = true;
            worker = Thread.ofPlatform().name("router-log-shipper").daemon().start(this::run);
        }
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        if (worker != null) {
            worker.join(5_000);
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
                db.inTransaction(tx -> {
                    for (LogLine line : batch) {
                        outbox.publish(tx, line);
                    }
                    return null;
                });
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
                LOG.warnf("router log queue full: %d lines dropped", lost);
            }
        }
    }
}
