package dev.slipway.dyno.domain;

import dev.slipway.events.LogLine;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * The dynos' log lines on their way to the outbox, one bounded queue per app, so that one app's
 * flood never costs another app its lines:
 * <ul>
 * <li>an app queues at most {@link #LINES_PER_APP} lines and {@link #BYTES_PER_APP} bytes; a line
 * past that is dropped and counted against its dyno;</li>
 * <li>all apps together hold at most {@link #BYTES_TOTAL}; when that is reached, room for a line is
 * made by dropping the oldest line of the app that holds the most (never of a smaller one), so a
 * quiet app's line always gets in;</li>
 * <li>{@link #drain} serves the apps in turn, an equal share of a batch each, so a flooding app
 * cannot delay another app's lines behind its own either.</li>
 * </ul>
 * Drops are said in the app's log, Heroku's way: {@code heroku[web.1]: Error L10 (output buffer
 * overflow): 1234 messages dropped since 2026-11-22T10:00:00+00:00.} Bytes are counted as the
 * heap a line takes (two per character plus the objects), since the heap is what is bounded.
 */
final class AppLogQueues {
    static final int LINES_PER_APP = 2_000;
    static final long BYTES_PER_APP = 2L * 1024 * 1024;
    static final long BYTES_TOTAL = 32L * 1024 * 1024;
    private static final DateTimeFormatter SINCE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx")
            .withZone(ZoneOffset.UTC);

    /** A line, or (line null) a marker completed once every line of its app queued before it is written. */
    record Entry(UUID appId, LogLine line, CompletableFuture<Void> written) {
        long cost() {
            return line == null ? 0 : 2L * line.message().length() + 160;
        }
    }

    private static final class Drops {
        long count;
        final Instant since;

        Drops(Instant since) {
            this.since = since;
        }
    }

    private static final class AppQueue {
        final ArrayDeque<Entry> entries = new ArrayDeque<>();
        final Map<String, Drops> drops = new LinkedHashMap<>();
        int lines;
        long bytes;

        boolean idle() {
            return entries.isEmpty() && drops.isEmpty();
        }
    }

    private final InstantSource clock;
    /** Insertion order is serving order: an app served and still busy goes to the back. */
    private final LinkedHashMap<UUID, AppQueue> apps = new LinkedHashMap<>();
    private long totalBytes;
    private long droppedTotal;

    AppLogQueues(InstantSource clock) {
        this.clock = clock;
    }

    /** Queues a dyno's line; false when it was dropped (and counted). */
    synchronized boolean offer(LogLine line) {
        Entry entry = new Entry(line.appId(), line, null);
        AppQueue q = apps.computeIfAbsent(line.appId(), k -> new AppQueue());
        long cost = entry.cost();
        if (q.lines >= LINES_PER_APP || q.bytes + cost > BYTES_PER_APP || !makeRoom(q, cost)) {
            dropped(q, line.process());
            return false;
        }
        q.entries.addLast(entry);
        q.lines++;
        q.bytes += cost;
        totalBytes += cost;
        notifyAll();
        return true;
    }

    /** A marker after the app's queued lines: it is never dropped and costs nothing. */
    synchronized void mark(UUID appId, CompletableFuture<Void> written) {
        apps.computeIfAbsent(appId, k -> new AppQueue()).entries.addLast(new Entry(appId, null, written));
        notifyAll();
    }

    /** Lines that were taken but could not be written: counted as dropped, so the app's log says so. */
    synchronized void lost(List<Entry> entries) {
        for (Entry e : entries) {
            if (e.line() != null && !e.line().source().equals("heroku")) {
                dropped(apps.computeIfAbsent(e.appId(), k -> new AppQueue()), e.line().process());
            }
        }
    }

    /**
     * Up to {@code max} entries, an equal share per app with something queued (the L10 report of an
     * app's drops first); waits up to {@code waitMillis} for the first one.
     */
    synchronized List<Entry> drain(int max, long waitMillis) throws InterruptedException {
        if (apps.isEmpty()) {
            wait(waitMillis);
        }
        List<Entry> batch = new ArrayList<>(Math.min(max, 64));
        while (batch.size() < max && !apps.isEmpty()) {
            int share = Math.max(1, (max - batch.size()) / apps.size());
            for (UUID appId : List.copyOf(apps.keySet())) {
                if (batch.size() >= max) {
                    break;
                }
                AppQueue q = apps.remove(appId);
                report(appId, q, batch);
                for (int taken = 0; taken < share && batch.size() < max && !q.entries.isEmpty(); taken++) {
                    Entry e = q.entries.removeFirst();
                    if (e.line() != null) {
                        q.lines--;
                        q.bytes -= e.cost();
                        totalBytes -= e.cost();
                    }
                    batch.add(e);
                }
                if (!q.idle()) {
                    apps.put(appId, q); // to the back of the line
                }
            }
        }
        return batch;
    }

    synchronized long dropped() {
        return droppedTotal;
    }

    synchronized boolean isEmpty() {
        return apps.isEmpty();
    }

    /** Drops the oldest lines of bigger apps until {@code cost} fits in the total; false if it cannot. */
    private boolean makeRoom(AppQueue q, long cost) {
        while (totalBytes + cost > BYTES_TOTAL) {
            AppQueue biggest = null;
            for (AppQueue other : apps.values()) {
                if (biggest == null || other.bytes > biggest.bytes) {
                    biggest = other;
                }
            }
            if (biggest == null || biggest == q || biggest.bytes <= q.bytes + cost) {
                return false;
            }
            evictOldest(biggest);
        }
        return true;
    }

    private void evictOldest(AppQueue q) {
        Iterator<Entry> it = q.entries.iterator();
        while (it.hasNext()) {
            Entry e = it.next();
            if (e.line() != null) {
                it.remove();
                q.lines--;
                q.bytes -= e.cost();
                totalBytes -= e.cost();
                dropped(q, e.line().process());
                return;
            }
        }
    }

    private void dropped(AppQueue q, String dyno) {
        q.drops.computeIfAbsent(dyno, d -> new Drops(clock.instant())).count++;
        droppedTotal++;
    }

    private void report(UUID appId, AppQueue q, List<Entry> batch) {
        for (var d : q.drops.entrySet()) {
            batch.add(new Entry(appId, new LogLine(appId, clock.instant(), "heroku", d.getKey(),
                    "Error L10 (output buffer overflow): " + d.getValue().count + " messages dropped since "
                            + SINCE.format(d.getValue().since) + "."), null));
        }
        q.drops.clear();
    }
}
