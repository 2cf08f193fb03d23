package dev.slipway.dyno.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waits on a future until a deadline of the injected clock, looking again every poll of real
 * time: the decision (has the timeout passed?) follows the clock, so a test's clock can end a wait
 * that would take 30 s of real time. A future that completes ends the wait at once.
 */
final class ClockWait {
    private ClockWait() {}

    /** The future's value, or null when the deadline passed first (or it failed). */
    static <T> T until(CompletableFuture<T> future, Instant deadline, InstantSource clock, Duration poll) {
        while (true) {
            try {
                return future.get(Math.max(1, poll.toMillis()), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (!clock.instant().isBefore(deadline)) {
                    return null;
                }
            } catch (ExecutionException e) {
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(Math.max(1, d.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
