package dev.slipway.config.domain;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Lets a config change answer once release-service has made its release, as Heroku's does: the
 * heroku CLI reads the newest release right after its PATCH and prints its version. Knows, per
 * app, the highest config version that a {@code ReleaseCreated} has carried.
 */
@ApplicationScoped
public class ReleaseWaiters {
    private final Map<UUID, Long> released = new ConcurrentHashMap<>();

    /** Called after a ReleaseCreated that carried config version {@code version} was consumed. */
    public void released(UUID appId, long version) {
        released.merge(appId, version, Math::max);
        synchronized (this) {
            notifyAll();
        }
    }

    public void forget(UUID appId) {
        released.remove(appId);
    }

    /** Waits up to {@code timeoutMillis} for a release with config version {@code version} or later. */
    public boolean await(UUID appId, long version, long timeoutMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        synchronized (this) {
            while (released.getOrDefault(appId, 0L) < version) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return false;
                }
                try {
                    wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return true;
    }
}
