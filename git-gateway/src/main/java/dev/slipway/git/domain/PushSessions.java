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
    private record Session(UUID appId, BlockingQueue<Event> events) {}

    private final Map<UUID, Session> sessions = new ConcurrentHashMap<>();

    public BlockingQueue<Event> open(UUID pushId, UUID appId) {
        return sessions.computeIfAbsent(pushId, id -> new Session(appId, new LinkedBlockingQueue<>())).events();
    }

    public void close(UUID pushId) {
        sessions.remove(pushId);
    }

    /** Hands an event to its waiting push, if any; events for pushes nobody waits on are dropped. */
    public void deliver(UUID pushId, Event event) {
        if (pushId == null) {
            return;
        }
        Session session = sessions.get(pushId);
        if (session != null) {
            session.events().add(event);
        }
    }

    /** Hands news about the app (its dynos) to every push of it that is waiting. */
    public void deliverToApp(UUID appId, Event event) {
        sessions.values().stream().filter(s -> s.appId().equals(appId)).forEach(s -> s.events().add(event));
    }
}
