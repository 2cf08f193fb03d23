package dev.slipway.dyno.domain;

import dev.slipway.dyno.config.DynoSettings;
import dev.slipway.kit.HerokuError;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Log sessions: an unguessable token (256 random bits) names one app's log with its filters, so
 * that the stream URL needs no API key. A session expires {@code slipway.logs.session-ttl} after
 * it was created or its last stream closed, never while a stream is open (a tail lives while
 * open, and EventSource may reconnect). Kept in memory: a restarted dyno-manager forgets them,
 * and the CLI then says the stream timed out.
 */
@ApplicationScoped
public class LogSessions {
    private static final int MAX_SESSIONS = 10_000;

    private final SecureRandom random = new SecureRandom();
    private final Map<String, LogSession> byToken = new ConcurrentHashMap<>();
    private final DynoSettings settings;

    LogSessions(DynoSettings settings) {
        this.settings = settings;
    }

    public LogSession create(UUID appId, LogFilter filter, int lines, boolean tail) {
        sweep();
        if (byToken.size() >= MAX_SESSIONS) {
            throw HerokuError.unavailable("Too many log sessions are open; try again in a few minutes.");
        }
        byte[] bits = new byte[32];
        random.nextBytes(bits);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
        Instant now = Instant.now();
        LogSession session = new LogSession(UUID.randomUUID(), token, appId, filter, lines, tail, now,
                now.plus(settings.logSessionTtl()));
        byToken.put(token, session);
        return session;
    }

    /** Opens a stream on the token's session; null when the token is unknown or expired. */
    public LogSession openStream(String token) {
        LogSession s = token == null ? null : byToken.get(token);
        if (s == null) {
            return null;
        }
        if (!s.tryOpen(Instant.now())) {
            byToken.remove(token, s);
            return null;
        }
        return s;
    }

    /** A stream of the session closed: it may be reopened (a reconnect) for one more TTL. */
    public void streamClosed(LogSession s) {
        s.streamClosed(Instant.now().plus(settings.logSessionTtl()));
    }

    private void sweep() {
        Instant now = Instant.now();
        byToken.values().removeIf(s -> s.expired(now));
    }

    /** One session; {@code lines} is how many recent lines a stream starts with. */
    public static final class LogSession {
        private final UUID id;
        private final String token;
        private final UUID appId;
        private final LogFilter filter;
        private final int lines;
        private final boolean tail;
        private final Instant createdAt;
        private Instant expiresAt;
        private int openStreams;

        LogSession(UUID id, String token, UUID appId, LogFilter filter, int lines, boolean tail, Instant createdAt,
                   Instant expiresAt) {
            this.id = id;
            this.token = token;
            this.appId = appId;
            this.filter = filter;
            this.lines = lines;
            this.tail = tail;
            this.createdAt = createdAt;
            this.expiresAt = expiresAt;
        }

        public UUID id() {
            return id;
        }

        public String token() {
            return token;
        }

        public UUID appId() {
            return appId;
        }

        public LogFilter filter() {
            return filter;
        }

        public int lines() {
            return lines;
        }

        public boolean tail() {
            return tail;
        }

        public Instant createdAt() {
            return createdAt;
        }

        synchronized boolean tryOpen(Instant now) {
            if (expired(now)) {
                return false;
            }
            openStreams++;
            return true;
        }

        synchronized void streamClosed(Instant newExpiry) {
            openStreams = Math.max(0, openStreams - 1);
            if (newExpiry.isAfter(expiresAt)) {
                expiresAt = newExpiry;
            }
        }

        synchronized boolean expired(Instant now) {
            return openStreams == 0 && now.isAfter(expiresAt);
        }
    }
}
