package dev.slipway.dyno.domain;

import dev.slipway.events.LogLine;
import dev.slipway.kit.Db;
import dev.slipway.kit.Outbox;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/**
 * A dyno's stdout and stderr become its {@code app[web.1]} log lines: read line by line as the
 * dyno writes them (a line over 10,000 bytes is split, an endless line too, as it comes; NUL and
 * invalid UTF-8 are made storable here, at the edge), stamped, and written through the outbox as
 * {@code LogLine} in batches. The lines wait in {@link AppLogQueues}: bounded per app, so a dyno
 * that floods its output loses its own lines (counted, and said with Heroku's {@code Error L10}),
 * never another app's, and is never blocked on its own output.
 */
@ApplicationScoped
public class AppOutput {
    private static final Logger LOG = Logger.getLogger(AppOutput.class);
    private static final int BATCH = 500;
    /**
     * After a full batch the shipper pauses this long: at most 2,000 lines a second reach the log
     * topic (a cap chosen, not measured: its consumer, LogIngest, stores one line per transaction,
     * and a flood at full speed outran it on a loaded 2-core machine). Faster, a flood
     * only built a backlog on the topic that every other app's later lines waited behind for
     * minutes; now the excess waits in the flooding app's own bounded queue and is dropped there
     * (L10), while each batch still gives every app its share.
     */
    private static final long FULL_BATCH_PAUSE_MILLIS = 250;
    /** A batch that cannot be written (PostgreSQL away) is tried this often before it is given up. */
    private static final int WRITE_TRIES = 4;

    private final Db db;
    private final Outbox outbox;
    private final AppLogQueues queues = new AppLogQueues(InstantSource.system());
    private final Thread shipper = Thread.ofPlatform().name("app-output").daemon().unstarted(this::ship);
    private volatile boolean running = true;
    /** Release dynos whose output also goes to their release's transcript. */
    private final Map<UUID, ReleaseTranscript> transcripts = new ConcurrentHashMap<>();

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
                ReleaseTranscript transcript = transcripts.remove(dyno.id());
                if (transcript != null) {
                    transcript.end();
                }
                if (running) {
                    queues.mark(dyno.appId(), done);
                } else {
                    done.complete(null);
                }
            }
        });
        return done;
    }

    /**
     * The dyno's lines go to the transcript too, every line before the log's bounds apply; the
     * transcript is told when the output ends. Call before the dyno launches.
     */
    public void transcribe(UUID dynoId, ReleaseTranscript transcript) {
        transcripts.put(dynoId, transcript);
    }

    /** For a dyno that never launched: no output will end its transcript. */
    public void stopTranscribing(UUID dynoId) {
        transcripts.remove(dynoId);
    }

    /** Lines dropped since start, all apps together (each app's log says its own). */
    public long dropped() {
        return queues.dropped();
    }

    private void read(Dyno dyno, InputStream in) throws IOException {
        // never more than one line's worth: an endless line is cut into 10,000-byte lines as it comes
        byte[] line = new byte[LogText.MAX_LINE_BYTES + 1];
        int length = 0;
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) > 0) {
            for (int i = 0; i < n; i++) {
                byte b = buffer[i];
                if (b == '\n') {
                    emit(dyno, line, length);
                    length = 0;
                    continue;
                }
                line[length++] = b;
                if (length > LogText.MAX_LINE_BYTES) {
                    int cut = LogText.boundaryBefore(line, 0, LogText.MAX_LINE_BYTES);
                    emit(dyno, line, cut);
                    System.arraycopy(line, cut, line, 0, length - cut);
                    length -= cut;
                }
            }
        }
        if (length > 0) {
            emit(dyno, line, length);
        }
    }

    private void emit(Dyno dyno, byte[] bytes, int length) {
        int end = length;
        if (end > 0 && bytes[end - 1] == '\r') {
            end--;
        }
        List<String> parts = new ArrayList<>(1);
        LogText.split(bytes, 0, end, parts);
        Instant now = Instant.now();
        ReleaseTranscript transcript = transcripts.get(dyno.id());
        for (String part : parts) {
            if (transcript != null) {
                transcript.add(part.replace('\r', ' '));
            }
            queues.offer(new LogLine(dyno.appId(), now, "app", dyno.name(), part.replace('\r', ' ')));
        }
    }

    private void ship() {
        while (running || !queues.isEmpty()) {
            List<AppLogQueues.Entry> batch;
            try {
                batch = queues.drain(BATCH, 250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (batch.isEmpty()) {
                continue;
            }
            try {
                write(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                batch.stream().filter(e -> e.written() != null).forEach(e -> e.written().complete(null));
            }
            if (batch.size() >= BATCH && running) {
                try {
                    Thread.sleep(FULL_BATCH_PAUSE_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** One transaction per batch; when PostgreSQL is away, a few tries, then the lines count as dropped. */
    private void write(List<AppLogQueues.Entry> batch) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                db.inTransaction(tx -> {
                    for (AppLogQueues.Entry e : batch) {
                        if (e.line() != null) {
                            outbox.publish(tx, e.line());
                        }
                    }
                    return null;
                });
                return;
            } catch (RuntimeException e) {
                if (attempt >= WRITE_TRIES || !running) {
                    LOG.warnf("dropping %d app log line(s) after %d tries: %s", batch.size(), attempt, e.getMessage());
                    queues.lost(batch);
                    return;
                }
                Thread.sleep(500L << attempt);
            }
        }
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
