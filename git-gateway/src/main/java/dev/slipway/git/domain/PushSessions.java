package dev.slipway.git.domain;

import dev.slipway.events.Event;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The pushes that a git client is waiting on, keyed by push id. A session is opened before its
 * PushReceived is written, so no build event for it can arrive before there is a queue to hold it.
 */
@ApplicationScoped
public class PushSessions {
    private final Map<UUID, BlockingQueue<Event>> sessions = new ConcurrentHashMap<>();

    public BlockingQueue<Event> open(UUID pushId) {
        return sessions.computeIfAbsent(pushId, id -> new LinkedBlockingQueue<>());
    }

    public void close(UUID pushId) {
        sessions.remove(pushId);
    }

    /** Hands an event to its waiting push, if any; events for pushes nobody waits on are dropped. */
    public void deliver(UUID pushId, Event event) {
        if (pushId == null) {
            return;
        }
        BlockingQueue<Event> queue = sessions.get(pushId);
        if (queue != null) {
            queue.add(event);
        }
    }
}
