package dev.slipway.builder.domain;

import dev.slipway.builder.config.BuilderSettings;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The worker pool: a fixed number of builds at once, and at most one per app, because two builds
 * of one app would share (and corrupt) its build cache. Later pushes of a busy app wait in order.
 */
@ApplicationScoped
public class BuildQueue {
    private final BuildRunner runner;
    private final ExecutorService workers;
    private final Map<UUID, Queue<UUID>> waiting = new HashMap<>();

    BuildQueue(BuildRunner runner, BuilderSettings settings) {
        this.runner = runner;
        this.workers = Executors.newFixedThreadPool(settings.workers(),
                Thread.ofPlatform().name("build-worker-", 1).daemon().factory());
    }

    public synchronized void submit(UUID appId, UUID buildId) {
        Queue<UUID> queue = waiting.get(appId);
        if (queue != null) {
            queue.add(buildId);
            return;
        }
        waiting.put(appId, new ArrayDeque<>());
        start(appId, buildId);
    }

    private void start(UUID appId, UUID buildId) {
        workers.execute(() -> {
            try {
                runner.run(buildId);
            } finally {
                next(appId);
            }
        });
    }

    private synchronized void next(UUID appId) {
        Queue<UUID> queue = waiting.get(appId);
        UUID next = queue == null ? null : queue.poll();
        if (next == null) {
            waiting.remove(appId);
        } else if (!workers.isShutdown()) {
            start(appId, next);
        }
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        workers.shutdownNow();
        workers.awaitTermination(20, TimeUnit.SECONDS);
    }
}
