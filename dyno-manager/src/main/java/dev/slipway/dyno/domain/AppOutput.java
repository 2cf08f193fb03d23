package dev.slipway.dyno.domain;

import dev.slipway.events.LogLine;
import dev.slipway.kit.Db;
import dev.slipway.kit.Outbox;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * A dyno's stdout and stderr become its {@code app[web.1]} log lines: read line by line as the
 * dyno writes them (a line over 10,000 bytes is split), stamped, and written through the outbox
 * as {@code LogLine} in batches. The queue is bounded: when the log cannot keep up, lines are
 * dropped and counted, and Heroku's {@code Error L10 (output buffer overflow)} says so, rather
 * than the dyno being blocked on its own output.
 */
@ApplicationScoped
public class AppOutput {
    private static final Logger LOG = Logger.getLogger(AppOutput.class);
    private static final int QUEUE = 20_000;
    private static final int BATCH = 500;

    private record Dropped(UUID appId, String dyno) {}

    /** A line, or (line null) a marker completed once every line queued before it is written. */
    private record Entry(LogLine line, CompletableFuture<Void> written) {}

    private final Db db;
    private final Outbox outbox;
    private final BlockingQueue<Entry> queue = new ArrayBlockingQueue<>(QUEUE);
    private final Map<Dropped, AtomicLong> dropped = new ConcurrentHashMap<>();
    private final Thread shipper = Thread.ofPlatform().name("app-output").daemon().unstarted(this::ship);
    private volatile boolean running = true;

    AppOutput(Db db, Outbox outbox) {
        this.db = db;
        this.outbox = outbox;
    }

    @PostConstruct
    void start() {
        shipper.start();
    }

    /**
     * Reads the dyno's output until it ends (every process holding it exited); completes once its
     * last line is in the outbox, so that the dyno's exit is logged after its last words.
     */
    public CompletableFuture<Void> capture(Dyno dyno, InputStream output) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        // a platform thread: a virtual one would hold its carrier in the pipe's native read, and a
        // few quiet dynos would starve every other virtual thread of the service
        Thread.ofPlatform().name("output-" + dyno.name()).daemon().stackSize(256 * 1024).start(() -> {
            try (output) {
                read(dyno, output);
            } catch (IOException e) {
                // the pipe closed under us: the dyno is gone
            } finally {
                if (!running || !queue.offer(new Entry(null, done))) {
                    done.complete(null);
                }
            }
        });
        return done;
    }

    private void read(Dyno dyno, InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) > 0) {
            for (int i = 0; i < n; i++) {
                byte b = buffer[i];
                if (b == '\n') {
                    emit(dyno, line);
                } else {
                    line.write(b);
                    if (line.size() >= LogText.MAX_LINE_BYTES * 4) {
                        emit(dyno, line);
                    }
                }
            }
        }
        if (line.size() > 0) {
            emit(dyno, line);
        }
    }

    private void emit(Dyno dyno, ByteArrayOutputStream line) {
        byte[] bytes = line.toByteArray();
        line.reset();
        int end = bytes.length;
        if (end > 0 && bytes[end - 1] == '\r') {
            end--;
        }
        List<String> parts = new ArrayList<>();
        LogText.split(bytes, 0, end, parts);
        Instant now = Instant.now();
        for (String part : parts) {
            if (!queue.offer(new Entry(new LogLine(dyno.appId(), now, "app", dyno.name(), part.replace('\r', ' ')), null))) {
                dropped.computeIfAbsent(new Dropped(dyno.appId(), dyno.name()), k -> new AtomicLong()).incrementAndGet();
            }
        }
    }

    private void ship() {
        List<Entry> batch = new ArrayList<>(BATCH);
        while (running || !queue.isEmpty()) {
            try {
                Entry first = queue.poll(250, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, BATCH - 1);
                reportDrops(batch);
                db.inTransaction(tx -> {
                    for (Entry e : batch) {
                        if (e.line() != null) {
                            outbox.publish(tx, e.line());
                        }
                    }
                    return null;
                });
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warnf("dropping %d app log line(s): %s", batch.size(), e.getMessage());
            } finally {
                batch.stream().filter(e -> e.written() != null).forEach(e -> e.written().complete(null));
                batch.clear();
            }
        }
    }

    private void reportDrops(List<Entry> batch) {
        for (var e : dropped.entrySet()) {
            long count = e.getValue().getAndSet(0);
            if (count > 0) {
                batch.add(new Entry(new LogLine(e.getKey().appId(), Instant.now(), "heroku", e.getKey().dyno(),
                        "Error L10 (output buffer overflow) -> " + count + " messages dropped since the last report"),
                        null));
            }
        }
        dropped.values().removeIf(c -> c.get() == 0);
    }

    /** After the dynos stopped (their last lines are in the queue), before the kit's relay closes. */
    void stop(@Observes @Priority(2) ShutdownEvent event) {
        running = false;
        try {
            shipper.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
