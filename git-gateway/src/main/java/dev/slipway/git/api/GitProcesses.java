package dev.slipway.git.api;

import dev.slipway.kit.HerokuError;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
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

    interface BlockingRoute {
        void handle(RoutingContext ctx) throws Exception;
    }

    static void offload(RoutingContext ctx, BlockingRoute route) {
        THREADS.execute(() -> {
            try {
                route.handle(ctx);
            } catch (HerokuError e) {
                plain(ctx, e.status(), e.getMessage());
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

    byte[] run(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        return out;
    }

    /** Feeds {@code input} to the process and streams its stdout to {@code out} as it comes. */
    void stream(ProcessBuilder pb, InputStream input, ChunkedOutput out) throws IOException {
        Process p = pb.start();
        THREADS.execute(() -> copy(input, p.getOutputStream()));
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        THREADS.execute(() -> {
            try (InputStream err = p.getErrorStream()) {
                err.transferTo(errors);
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
                LOG.warnf("%s exited %d: %s", pb.command(), p.exitValue(), errors.toString(StandardCharsets.UTF_8));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
        }
    }

    private static void copy(InputStream in, OutputStream out) {
        try (in; out) {
            in.transferTo(out);
        } catch (IOException e) {
            LOG.debug("git stopped reading its input", e);
        }
    }
}
