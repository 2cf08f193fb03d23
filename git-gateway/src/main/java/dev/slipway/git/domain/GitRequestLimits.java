package dev.slipway.git.domain;

import dev.slipway.kit.HerokuError;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * How many git requests run at once: per app (one tenant's scripted clones cannot take every
 * thread and git process of the host), in all, and how many push bodies are being spooled to disk
 * at once (each may be up to the push size limit, so this bounds the disk they take). Over a
 * bound the request is answered at once (429 or 503), never queued.
 */
@ApplicationScoped
public class GitRequestLimits {
    public static final int PER_APP = 4;
    public static final int TOTAL = 64;
    public static final int SPOOLING_PUSHES = 8;

    private final Map<UUID, Integer> perApp = new HashMap<>();
    private int total;
    private int spooling;

    /** A running request of the app; close it when the request has ended. */
    public synchronized AutoCloseable request(UUID appId, String appName) {
        int running = perApp.getOrDefault(appId, 0);
        if (running >= PER_APP) {
            throw new HerokuError(429, "rate_limit", "Too many git requests for " + appName + " at once (at most "
                    + PER_APP + "); try again when one has finished.");
        }
        if (total >= TOTAL) {
            throw HerokuError.unavailable("The git host is busy; try again in a minute.");
        }
        perApp.put(appId, running + 1);
        total++;
        return once(() -> release(appId));
    }

    /** A push body being written to disk; close it once the body is in (or refused). */
    public synchronized AutoCloseable spooling() {
        if (spooling >= SPOOLING_PUSHES) {
            throw HerokuError.unavailable("The git host is receiving too many pushes at once; try again in a minute.");
        }
        spooling++;
        return once(this::spooled);
    }

    /** The app's git requests running now. */
    public synchronized int running(UUID appId) {
        return perApp.getOrDefault(appId, 0);
    }

    private synchronized void release(UUID appId) {
        perApp.computeIfPresent(appId, (k, n) -> n <= 1 ? null : n - 1);
        total--;
    }

    private synchronized void spooled() {
        spooling--;
    }

    private static AutoCloseable once(Runnable release) {
        return new AutoCloseable() {
            private boolean closed;

            @Override
            public synchronized void close() {
                if (!closed) {
                    closed = true;
                    release.run();
                }
            }
        };
    }
}
