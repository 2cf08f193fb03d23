package dev.slipway.builder.domain;

import dev.slipway.builder.persistence.BuildRepository;
import dev.slipway.events.BuildLogLine;
import dev.slipway.kit.Db;
import dev.slipway.kit.Outbox;
import dev.slipway.kit.StorableText;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * A build's output stream. Lines are queued by whoever prints them (the buildpack's reader
 * thread or the builder itself) and a flusher writes them in batches: the lines that arrive
 * within ~50 ms share one transaction, which stores them in build_line and puts one
 * BuildLogLine each in the outbox. No transaction is ever open while a process is awaited.
 */
public final class BuildOutput implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(BuildOutput.class);
    private static final long BATCH_WINDOW_MS = 50;
    private static final int MAX_BATCH = 500;
    /** A build's output volume before the build is stopped: enough for any honest build, bounded for the rest. */
    public static final long MAX_VOLUME = 10L * 1024 * 1024;

    private final Db db;
    private final Outbox outbox;
    private final Build build;
    private final LinkedBlockingQueue<String> queue = new LinkedBlockingQueue<>();
    private final Thread flusher;
    private volatile boolean closed;
    private long seq;
    private long volume;

    public BuildOutput(Db db, Outbox outbox, Build build, long lastSeq) {
        this.db = db;
        this.outbox = outbox;
        this.build = build;
        this.seq = lastSeq;
        this.flusher = Thread.ofVirtual().name("build-output-" + build.id()).start(this::run);
    }

    /** A line the builder itself prints (steps, warnings, the failure): always kept. */
    public void line(String line) {
        queue.add(clean(line));
    }

    /**
     * A line of a buildpack's output ({@code bytes} long as printed). False once the build's
     * output passes {@link #MAX_VOLUME}: the line is dropped and the caller stops the script.
     * Called from one reader thread at a time.
     */
    public boolean accept(String line, int bytes) {
        volume += bytes + 1;
        if (volume > MAX_VOLUME) {
            return false;
        }
        line(line);
        return true;
    }

    /**
     * What PostgreSQL and every JSON consumer can store (the kit's {@link StorableText}: a NUL,
     * which text columns and jsonb refuse, becomes U+FFFD); CR is dropped; a line stays under
     * {@link LineSplitter#MAX_LINE} characters.
     */
    public static String clean(String line) {
        String clean = StorableText.of(line.replace("\r", ""));
        return clean.length() > LineSplitter.MAX_LINE ? clean.substring(0, LineSplitter.MAX_LINE) : clean;
    }

    /** A Heroku-style step: {@code -----> text}. */
    public void step(String text) {
        line("-----> " + text);
    }

    /** A detail line, indented under its step. */
    public void info(String text) {
        line("       " + text);
    }

    public void warn(String text) {
        line(" !     " + text);
    }

    private void run() {
        try {
            while (!closed || !queue.isEmpty()) {
                String first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                List<String> batch = new ArrayList<>();
                batch.add(first);
                long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(BATCH_WINDOW_MS);
                while (batch.size() < MAX_BATCH) {
                    long left = deadline - System.nanoTime();
                    String next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : queue.poll();
                    if (next == null) {
                        break;
                    }
                    batch.add(next);
                }
                flush(batch);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void flush(List<String> batch) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            long first = seq;
            try {
                seq = db.inTransaction(tx -> {
                    long n = first;
                    for (String line : batch) {
                        n++;
                        BuildRepository.addLine(tx, build.id(), n, line);
                        outbox.publish(tx, new BuildLogLine(build.appId(), build.id(), build.pushId(), n, line));
                    }
                    return n;
                });
                return;
            } catch (RuntimeException e) {
                if (attempt >= 5) {
                    LOG.errorf(e, "build %s: dropping %d output lines", build.id(), batch.size());
                    return;
                }
                Thread.sleep(200L * attempt);
            }
        }
    }

    /** Waits until every line printed so far is stored and in the outbox; lines printed later are flushed here. */
    @Override
    public void close() {
        closed = true;
        try {
            flusher.join();
            List<String> late = new ArrayList<>();
            queue.drainTo(late);
            if (!late.isEmpty()) {
                flush(late);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
