package dev.slipway.devstack;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Restarts the platform's parts when they exit (a crash, an out-of-memory exit, {@code kill -9}),
 * with {@link RestartBackoff}, and counts the restarts for {@code ./slipway status}. One thread per
 * part, so PostgreSQL taking seconds to come back never delays a service's restart.
 *
 * <p>A part is polled every {@link #POLL}; {@link #close()} stops the watching before the platform
 * stops its parts, so an orderly stop is never mistaken for a crash.
 */
final class Supervisor implements AutoCloseable {
    static final Duration POLL = Duration.ofMillis(250);

    private final Consumer<String> log;
    private final Runnable onRestart;
    private final InstantSource clock;
    private final Map<String, PartStatus> status = new ConcurrentHashMap<>();
    private final List<Thread> watchers = new ArrayList<>();
    private volatile boolean closed;

    /**
     * @param log       where "restarting ..." lines go (the launcher's console, a test's output)
     * @param onRestart called after each successful restart (the launcher rewrites its state file)
     */
    Supervisor(Consumer<String> log, Runnable onRestart, InstantSource clock) {
        this.log = log;
        this.onRestart = onRestart;
        this.clock = clock;
    }

    /** Starts watching a part that is running now. */
    synchronized void watch(SupervisedPart part) {
        if (closed) {
            return;
        }
        status.put(part.name(), new PartStatus(0, clock.instant()));
        Thread watcher = Thread.ofPlatform().daemon().name("slipway-supervise-" + part.name())
                .unstarted(() -> supervise(part));
        watchers.add(watcher);
        watcher.start();
    }

    Map<String, PartStatus> status() {
        return Map.copyOf(status);
    }

    private void supervise(SupervisedPart part) {
        RestartBackoff backoff = new RestartBackoff();
        while (!closed) {
            if (part.isAlive()) {
                pause(POLL);
                continue;
            }
            PartStatus before = status.get(part.name());
            Duration uptime = Duration.between(before.upSince(), clock.instant());
            Duration delay = backoff.delayAfter(uptime);
            log.accept(part.name() + " exited (" + part.exitDescription() + ") after " + uptime.toSeconds()
                    + " s; restarting it in " + delay.toMillis() + " ms (restart " + (before.restarts() + 1) + ")");
            pause(delay);
            if (closed) {
                return;
            }
            Instant restarted = clock.instant();
            try {
                part.restart();
                log.accept(part.name() + " restarted");
            } catch (RuntimeException e) {
                log.accept(part.name() + " did not restart: " + e.getMessage());
            }
            // counted even when it failed: the next exit's back-off starts from this attempt
            status.put(part.name(), new PartStatus(before.restarts() + 1, restarted));
            if (!closed) {
                onRestart.run();
            }
        }
    }

    private void pause(Duration duration) {
        long deadline = System.nanoTime() + duration.toNanos();
        while (!closed && System.nanoTime() < deadline) {
            try {
                Thread.sleep(Math.min(POLL.toMillis(), Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                return; // close() interrupts: stop watching
            }
        }
    }

    /** Stops watching and waits until no restart is under way, so the caller can stop the parts. */
    @Override
    public void close() {
        List<Thread> running;
        synchronized (this) {
            closed = true;
            running = List.copyOf(watchers);
        }
        for (Thread watcher : running) {
            watcher.interrupt();
        }
        for (Thread watcher : running) {
            try {
                watcher.join(Duration.ofMinutes(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
