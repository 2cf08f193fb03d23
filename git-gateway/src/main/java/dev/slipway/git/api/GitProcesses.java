package dev.slipway.git.api;

import dev.slipway.kit.HerokuError;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Runs git for the HTTP routes, and runs the routes themselves on virtual threads: a push blocks
 * its thread for the whole build, which must not hold an event loop or a worker.
 */
@ApplicationScoped
public class GitProcesses {
    private static final Logger LOG = Logger.getLogger(GitProcesses.class);
    private static final ExecutorService THREADS = Executors.newVirtualThreadPerTaskExecutor();
    private static final int STDERR_KEPT = 8 * 1024;

    interface BlockingRoute {
        void handle(RoutingContext ctx) throws Exception;
    }

    /**
     * Runs the route on a virtual thread. A refusal ({@link HerokuError}) is Heroku's JSON when
     * {@code json} (the RPCs: git shows only the status of a failed POST, other clients read the
     * body), plain text otherwise ({@code info/refs}: git prints that body to the user).
     */
    static void offload(RoutingContext ctx, BlockingRoute route, boolean json) {
        THREADS.execute(() -> {
            try {
                route.handle(ctx);
            } catch (HerokuError e) {
                if (json) {
                    json(ctx, e.status(), e.id(), e.getMessage());
                } else {
                    plain(ctx, e.status(), e.getMessage());
                }
            } catch (IOException e) {
                // the client went away or stalled mid-body: nobody is left to answer
                LOG.infof("git request %s ended early: %s", ctx.request().path(), e.getMessage());
                ctx.response().reset();
            } catch (Exception e) {
                LOG.error("git request failed", e);
                if (!ctx.response().headWritten()) {
                    plain(ctx, 500, "Internal server error.");
                } else {
                    ctx.response().reset();
                }
            }
        });
    }

    /** Plain text, as git prints an error body to the user verbatim. */
    static void plain(RoutingContext ctx, int status, String message) {
        if (ctx.response().headWritten()) {
            return;
        }
        ctx.response().setStatusCode(status).putHeader("Content-Type", "text/plain; charset=utf-8");
        if (status == 401) {
            ctx.response().putHeader("WWW-Authenticate", "Basic realm=\"Slipway\"");
        }
        ctx.response().end(message + "\n");
    }

    /** Heroku's error shape, {@code {"id": "...", "message": "..."}}. */
    static void json(RoutingContext ctx, int status, String id, String message) {
        if (ctx.response().headWritten()) {
            return;
        }
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json");
        if (status == 401) {
            ctx.response().putHeader("WWW-Authenticate", "Basic realm=\"Slipway\"");
        }
        ctx.response().end(new JsonObject().put("id", id).put("message", message).encode());
    }

    /**
     * Runs git with the input its builder was given (a spooled body, or none) and streams its
     * stdout to {@code out} as it comes. Its stderr is kept up to {@link #STDERR_KEPT} bytes, for
     * the log.
     */
    void stream(ProcessBuilder pb, ChunkedOutput out) throws IOException {
        stream(pb, out, () -> { });
    }

    /** As {@link #stream(ProcessBuilder, ChunkedOutput)}; {@code started} runs once git has its input open. */
    void stream(ProcessBuilder pb, ChunkedOutput out, Runnable started) throws IOException {
        Process p = pb.start();
        started.run();
        p.getOutputStream().close();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        THREADS.execute(() -> {
            try (InputStream err = p.getErrorStream()) {
                byte[] buffer = new byte[4096];
                int n;
                while ((n = err.read(buffer)) >= 0) {
                    synchronized (errors) {
                        errors.write(buffer, 0, Math.max(0, Math.min(n, STDERR_KEPT - errors.size())));
                    }
                }
            } catch (IOException ignored) {
                // the process is gone
            }
        });
        byte[] buffer = new byte[16 * 1024];
        try (InputStream stdout = p.getInputStream()) {
            int n;
            while ((n = stdout.read(buffer)) >= 0) {
                out.write(buffer, n);
            }
        } catch (UncheckedIOException | IOException e) {
            LOG.debug("client went away during git", e);
        } finally {
            out.end();
        }
        try {
            if (!p.waitFor(30, TimeUnit.MINUTES)) {
                p.destroyForcibly();
            } else if (p.exitValue() != 0) {
                synchronized (errors) {
                    LOG.warnf("%s exited %d: %s", pb.command(), p.exitValue(), errors.toString(StandardCharsets.UTF_8));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
        }
    }
}
