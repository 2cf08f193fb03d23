package dev.slipway.dyno.domain;

import dev.slipway.events.ReleasePhaseOutput;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * What a release command wrote, for its release's output stream and the {@code git push} that
 * waits on it: lines as the dyno's output reader makes them (already cut at 10,000 bytes and made
 * storable), kept up to {@link #MAX_LINES} lines and {@link #MAX_BYTES} bytes, then one line saying
 * the rest was cut (the app's log still gets every line its bounds take). Handed out as
 * {@link ReleasePhaseOutput} events of at most {@link #BATCH_LINES} lines and
 * {@link #BATCH_BYTES} bytes, far under Kafka's 1 MB record limit.
 */
public final class ReleaseTranscript {
    public static final int MAX_LINES = 2_000;
    public static final int MAX_BYTES = 512 * 1024;
    static final int BATCH_LINES = 100;
    static final int BATCH_BYTES = 64 * 1024;

    private final UUID appId;
    private final UUID releaseId;
    private final int version;
    private final List<String> waiting = new ArrayList<>();
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private int kept;
    private long keptBytes;
    private int sent;
    private boolean cut;

    public ReleaseTranscript(UUID appId, UUID releaseId, int version) {
        this.appId = appId;
        this.releaseId = releaseId;
        this.version = version;
    }

    /** One line of the command's output (no line end). */
    public synchronized void add(String line) {
        if (cut) {
            return;
        }
        int bytes = line.getBytes(StandardCharsets.UTF_8).length;
        if (kept >= MAX_LINES || keptBytes + bytes > MAX_BYTES) {
            cut = true;
            waiting.add(" !     The release command's output is cut here: Slipway keeps its first " + MAX_LINES
                    + " lines or " + MAX_BYTES / 1024 + " KB (heroku logs --dyno release." + version + " has later lines).");
            return;
        }
        kept++;
        keptBytes += bytes;
        waiting.add(line);
    }

    /** The dyno's output has ended (every process holding it exited). */
    public void end() {
        ended.complete(null);
    }

    public CompletableFuture<Void> ended() {
        return ended;
    }

    /** The lines added since the last call, as events in order; empty when there are none. */
    public synchronized List<ReleasePhaseOutput> drain() {
        List<ReleasePhaseOutput> events = new ArrayList<>();
        List<String> batch = new ArrayList<>();
        int batchBytes = 0;
        for (String line : waiting) {
            int bytes = line.getBytes(StandardCharsets.UTF_8).length + 1;
            if (!batch.isEmpty() && (batch.size() >= BATCH_LINES || batchBytes + bytes > BATCH_BYTES)) {
                events.add(event(batch));
                batch = new ArrayList<>();
                batchBytes = 0;
            }
            batch.add(line);
            batchBytes += bytes;
        }
        if (!batch.isEmpty()) {
            events.add(event(batch));
        }
        waiting.clear();
        return events;
    }

    private ReleasePhaseOutput event(List<String> lines) {
        ReleasePhaseOutput e = new ReleasePhaseOutput(appId, releaseId, version, sent, lines);
        sent += lines.size();
        return e;
    }
}
