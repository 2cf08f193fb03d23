package dev.slipway.dyno.domain;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Heroku's crash cool-off, gentler: the first crash restarts at once, later ones wait 1 s, 2 s,
 * 4 s ... up to 5 minutes. Ten minutes up, a new release, a restart or a scale start over. An R15
 * (memory) kill counts as a crash here, although the row says down: see the README.
 */
@ApplicationScoped
public class CrashBackoff {
    static final Duration FIRST = Duration.ofSeconds(1);
    static final Duration CAP = Duration.ofMinutes(5);
    static final Duration STABLE = Duration.ofMinutes(10);

    private record Key(UUID appId, String name) {}

    private record Entry(int crashes, Instant notBefore) {}

    private final Map<Key, Entry> entries = new ConcurrentHashMap<>();
    private final InstantSource clock;

    CrashBackoff(InstantSource clock) {
        this.clock = clock;
    }

    /** Records a crash; answers how long to wait before the restart. */
    public Duration crashed(UUID appId, String name, Instant upSince) {
        Instant now = clock.instant();
        Key key = new Key(appId, name);
        Entry previous = entries.get(key);
        boolean stable = upSince != null && Duration.between(upSince, now).compareTo(STABLE) >= 0;
        int crashes = previous == null || stable ? 1 : previous.crashes() + 1;
        Duration delay = delay(crashes);
        entries.put(key, new Entry(crashes, now.plus(delay)));
        return delay;
    }

    static Duration delay(int crashes) {
        if (crashes <= 1) {
            return Duration.ZERO;
        }
        int doublings = Math.min(crashes - 2, 20);
        Duration d = FIRST.multipliedBy(1L << doublings);
        return d.compareTo(CAP) > 0 ? CAP : d;
    }

    /** When the named dyno may start again; null when it may start now. */
    public Instant notBefore(UUID appId, String name) {
        Entry e = entries.get(new Key(appId, name));
        return e == null || !e.notBefore().isAfter(clock.instant()) ? null : e.notBefore();
    }

    public void reset(UUID appId) {
        entries.keySet().removeIf(k -> k.appId().equals(appId));
    }
}
