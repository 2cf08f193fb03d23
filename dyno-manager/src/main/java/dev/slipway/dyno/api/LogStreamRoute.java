package dev.slipway.dyno.api;

import dev.slipway.dyno.config.DynoSettings;
import dev.slipway.dyno.domain.LiveTails;
import dev.slipway.dyno.domain.LogSessions;
import dev.slipway.dyno.domain.StoredLine;
import dev.slipway.dyno.persistence.LogLineRepository;
import dev.slipway.kit.Db;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.logging.Logger;

/**
 * {@code GET /log-streams/{token}}: the log session's lines as server-sent events, one
 * {@code data:} line per log line with its id as the event id. No API key: the token (from the
 * log session) is the credential. Without tail, the last N lines and the end of the stream; with
 * tail, the last N lines and then every new line as it is stored, a comment every
 * {@code slipway.logs.heartbeat} so idle proxies keep the stream, for as long as the client stays.
 * EventSource reconnects when a stream ends: a tail that comes back with {@code Last-Event-ID} gets
 * only the lines after it, and a finished non-tail session answers 204 (which stops EventSource).
 * A plain Vert.x route rather than JAX-RS: the stream is written as lines arrive, from any thread.
 */
@ApplicationScoped
public class LogStreamRoute {
    static final String PATH_PREFIX = "/log-streams/";
    private static final Logger LOG = Logger.getLogger(LogStreamRoute.class);

    private final LogSessions sessions;
    private final LiveTails tails;
    private final LogLineRepository lines;
    private final Db db;
    private final DynoSettings settings;
    private final Vertx vertx;
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();

    LogStreamRoute(LogSessions sessions, LiveTails tails, LogLineRepository lines, Db db, DynoSettings settings,
                   Vertx vertx) {
        this.sessions = sessions;
        this.tails = tails;
        this.lines = lines;
        this.db = db;
        this.settings = settings;
        this.vertx = vertx;
    }

    void routes(@Observes Router router) {
        router.get(PATH_PREFIX + ":token").handler(this::open);
    }

    private void open(RoutingContext ctx) {
        LogSessions.LogSession session = sessions.openStream(ctx.pathParam("token"));
        HttpServerResponse response = ctx.response();
        if (session == null) {
            response.setStatusCode(404).putHeader("Content-Type", "application/json")
                    .end("{\"id\":\"not_found\",\"message\":\"This log stream is unknown or has expired: "
                            + "start a new log session.\"}");
            return;
        }
        Long lastEventId = parseId(ctx.request().getHeader("Last-Event-ID"));
        if (!session.tail() && lastEventId != null) {
            // the stream already ran to its end; 204 tells EventSource not to come back
            sessions.streamClosed(session);
            response.setStatusCode(204).end();
            return;
        }
        response.setStatusCode(200)
                .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .putHeader("Cache-Control", "no-cache")
                .putHeader("X-Accel-Buffering", "no")
                .setChunked(true);
        workers.submit(() -> {
            try {
                if (session.tail()) {
                    tail(response, session, lastEventId);
                } else {
                    recent(response, session);
                }
            } catch (RuntimeException e) {
                LOG.warnf("log stream of app %s failed: %s", session.appId(), e.getMessage());
                response.reset();
                sessions.streamClosed(session);
            }
        });
    }

    private void recent(HttpServerResponse response, LogSessions.LogSession s) {
        List<StoredLine> backlog = db.read(c -> lines.last(c, s.appId(), s.filter(), s.lines()));
        StringBuilder out = new StringBuilder();
        backlog.forEach(l -> event(out, l));
        response.end(out.toString());
        sessions.streamClosed(s);
    }

    private void tail(HttpServerResponse response, LogSessions.LogSession s, Long lastEventId) {
        TailStream stream = new TailStream(response);
        LiveTails.Tail subscription = tails.open(s.appId(), s.filter(), stream::offer);
        long heartbeat = vertx.setPeriodic(settings.logHeartbeat().toMillis(), id -> stream.heartbeat());
        response.closeHandler(v -> {
            vertx.cancelTimer(heartbeat);
            tails.close(subscription);
            sessions.streamClosed(s);
        });
        if (response.closed()) {
            vertx.cancelTimer(heartbeat);
            tails.close(subscription);
            sessions.streamClosed(s);
            return;
        }
        List<StoredLine> backlog = db.read(c -> lastEventId != null
                ? lines.after(c, s.appId(), s.filter(), lastEventId)
                : lines.last(c, s.appId(), s.filter(), s.lines()));
        stream.start(backlog);
    }

    /**
     * One open tail. Lines stored while the backlog is read wait in {@code pending}; after it only
     * lines newer than the last one sent go out, so nothing is sent twice or skipped.
     */
    private static final class TailStream {
        private final HttpServerResponse response;
        private List<StoredLine> pending = new ArrayList<>();
        private long lastSent = -1;

        TailStream(HttpServerResponse response) {
            this.response = response;
        }

        synchronized void start(List<StoredLine> backlog) {
            StringBuilder out = new StringBuilder("retry: 2000\n\n");
            for (StoredLine l : backlog) {
                event(out, l);
                lastSent = l.id();
            }
            for (StoredLine l : pending) {
                if (l.id() > lastSent) {
                    event(out, l);
                    lastSent = l.id();
                }
            }
            pending = null;
            write(out.toString());
        }

        synchronized void offer(StoredLine line) {
            if (pending != null) {
                pending.add(line);
            } else if (line.id() > lastSent) {
                StringBuilder out = new StringBuilder();
                event(out, line);
                lastSent = line.id();
                write(out.toString());
            }
        }

        synchronized void heartbeat() {
            if (pending == null) {
                write(": heartbeat\n\n");
            }
        }

        private void write(String text) {
            if (response.closed() || response.ended()) {
                return;
            }
            if (response.writeQueueFull()) {
                // a reader that cannot keep up reconnects and resumes from its Last-Event-ID
                response.reset();
                return;
            }
            response.write(text);
        }
    }

    private static void event(StringBuilder out, StoredLine line) {
        out.append("id: ").append(line.id()).append("\ndata: ").append(line.format()).append("\n\n");
    }

    private static Long parseId(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(header.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
