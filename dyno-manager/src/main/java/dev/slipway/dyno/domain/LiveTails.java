package dev.slipway.dyno.domain;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/** The open {@code heroku logs --tail} streams, told of every line stored for their app. */
@ApplicationScoped
public class LiveTails {
    private final Map<UUID, Set<Tail>> byApp = new ConcurrentHashMap<>();

    /** A tail that receives lines passing its filter; {@code sink} must not block. */
    public static final class Tail {
        private final UUID appId;
        private final LogFilter filter;
        private final Consumer<StoredLine> sink;

        Tail(UUID appId, LogFilter filter, Consumer<StoredLine> sink) {
            this.appId = appId;
            this.filter = filter;
            this.sink = sink;
        }
    }

    public Tail open(UUID appId, LogFilter filter, Consumer<StoredLine> sink) {
        Tail tail = new Tail(appId, filter, sink);
        byApp.computeIfAbsent(appId, k -> ConcurrentHashMap.newKeySet()).add(tail);
        return tail;
    }

    public void close(Tail tail) {
        byApp.computeIfPresent(tail.appId, (k, tails) -> {
            tails.remove(tail);
            return tails.isEmpty() ? null : tails;
        });
    }

    /** Called after the lines committed, in the order they were stored. */
    public void publish(List<StoredLine> lines) {
        for (StoredLine line : lines) {
            Set<Tail> tails = byApp.get(line.appId());
            if (tails != null) {
                for (Tail t : tails) {
                    if (t.filter.matches(line)) {
                        t.sink.accept(line);
                    }
                }
            }
        }
    }

    public int open() {
        return byApp.values().stream().mapToInt(Set::size).sum();
    }
}
