package dev.slipway.git.api;

import dev.slipway.git.config.GatewayConfig;
import dev.slipway.git.domain.GitRequestLimits;
import dev.slipway.git.domain.PushGrant;
import dev.slipway.git.domain.PushTokens;
import dev.slipway.git.domain.RepoStore;
import dev.slipway.git.domain.SpoolDir;
import dev.slipway.kit.AccessGuard;
import dev.slipway.kit.AppRef;
import dev.slipway.kit.Caller;
import dev.slipway.kit.HerokuError;
import io.quarkus.vertx.http.runtime.VertxInputStream;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipException;
import org.jboss.logging.Logger;

/**
 * git's smart HTTP protocol, served by the real git binary: {@code info/refs} advertisements and
 * the {@code git-upload-pack} / {@code git-receive-pack} RPCs. A Vert.x route rather than a JAX-RS
 * resource, so that receive-pack's output (the build, via the hook) reaches the client as it is
 * written. Request bodies are spooled to disk as they arrive ({@link BodySpool}: bounded as sent,
 * once inflated, and by inflation ratio) and git reads them from there, so the heap holds none.
 * A refused push is answered in receive-pack's own words on the side band ({@link PushRefusal});
 * nothing reached git, so no pack, no ref, no file is left. Errors before that are Heroku's JSON
 * with the status (git shows the status of a failed RPC); {@code info/refs} errors stay plain
 * text, which git prints to the user.
 */
@ApplicationScoped
public class GitHttpRoutes {
    private static final Logger LOG = Logger.getLogger(GitHttpRoutes.class);
    private static final Set<String> SERVICES = Set.of("git-upload-pack", "git-receive-pack");
    /** A client that sends nothing for this long has gone (git sends a pack as fast as it can). */
    private static final long BODY_IDLE_MILLIS = 60_000;
    /** After a refusal the rest of the body is read and dropped, for at most this long. */
    private static final long DRAIN_MILLIS = 120_000;

    private final AccessGuard guard;
    private final RepoStore repos;
    private final PushTokens tokens;
    private final GatewayConfig config;
    private final GitProcesses git;
    private final GitRequestLimits limits;
    private final SpoolDir spool;

    GitHttpRoutes(AccessGuard guard, RepoStore repos, PushTokens tokens, GatewayConfig config, GitProcesses git,
                  GitRequestLimits limits, SpoolDir spool) {
        this.guard = guard;
        this.repos = repos;
        this.tokens = tokens;
        this.config = config;
        this.git = git;
        this.limits = limits;
        this.spool = spool;
    }

    void install(@Observes Router router) {
        router.routeWithRegex(HttpMethod.GET, "^/([^/]+)\\.git/info/refs$").order(-10)
                .handler(ctx -> GitProcesses.offload(ctx, this::advertise, false));
        router.routeWithRegex(HttpMethod.POST, "^/([^/]+)\\.git/(git-upload-pack|git-receive-pack)$").order(-10)
                .handler(ctx -> GitProcesses.offload(ctx, this::rpc, true));
        // Everything else under a repository is git's dumb protocol, which Slipway does not speak.
        router.routeWithRegex("^/([^/]+)\\.git(/.*)?$").order(-9)
                .handler(ctx -> GitProcesses.plain(ctx, 404, "Not found. Slipway speaks git's smart HTTP protocol only."));
    }

    private void advertise(RoutingContext ctx) throws Exception {
        String service = ctx.request().getParam("service");
        if (service == null || service.isBlank()) {
            throw HerokuError.forbidden("Slipway speaks git's smart HTTP protocol only; please upgrade git.");
        }
        if (!SERVICES.contains(service)) {
            throw HerokuError.forbidden("Unsupported service: " + service);
        }
        Access access = authorize(ctx);
        try (AutoCloseable running = limits.request(access.app().id(), access.app().name())) {
            ProcessBuilder pb = new ProcessBuilder(config.gitBinary(), command(service), "--stateless-rpc",
                    "--advertise-refs", access.repo().toString());
            ChunkedOutput out = new ChunkedOutput(ctx.response(), "application/x-" + service + "-advertisement");
            byte[] header = PktLine.of("# service=" + service + "\n");
            out.write(header, header.length);
            out.write(PktLine.FLUSH, PktLine.FLUSH.length);
            // streamed: a repository with many refs has a long advertisement
            git.stream(pb, out);
        }
    }

    private void rpc(RoutingContext ctx) throws Exception {
        String service = group(ctx, 1);
        String contentType = ctx.request().getHeader("Content-Type");
        Access access = authorize(ctx);
        if (contentType == null || !contentType.startsWith("application/x-" + service + "-request")) {
            throw new HerokuError(415, "unsupported_media_type", "Expected application/x-" + service + "-request.");
        }
        boolean push = service.equals("git-receive-pack");
        try (AutoCloseable running = limits.request(access.app().id(), access.app().name())) {
            Path body = spool.newFile();
            try {
                if (receive(ctx, push, body)) {
                    run(ctx, service, access, body);
                }
            } finally {
                SpoolDir.deleteQuietly(body);
            }
        }
    }

    /** Spools the body to {@code file}; false when the request was answered already (refused). */
    private boolean receive(RoutingContext ctx, boolean push, Path file) throws Exception {
        long limit = push ? config.maxPushBytes() : config.maxFetchRequestBytes();
        String encoding = ctx.request().getHeader("Content-Encoding");
        boolean gzip = encoding != null && encoding.toLowerCase(Locale.ROOT).contains("gzip");
        if (push && !spool.hasRoomFor(limit)) {
            throw HerokuError.unavailable("The git host is low on disk space; try again later.");
        }
        InputStream raw = new VertxInputStream(ctx, BODY_IDLE_MILLIS);
        BodySpool.Result result;
        try (AutoCloseable spooling = push ? limits.spooling() : () -> { }) {
            result = BodySpool.spool(raw, gzip, limit, file, push ? "this push" : "this fetch request");
        } catch (ZipException | EOFException e) {
            throw HerokuError.badRequest("The request body is not valid gzip: " + e.getMessage());
        }
        if (result instanceof BodySpool.Refused refused) {
            SpoolDir.deleteQuietly(file);
            boolean drained = drain(raw, limit);
            refuse(ctx, push, refused, drained);
            return false;
        }
        return true;
    }

    private void run(RoutingContext ctx, String service, Access access, Path body) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(config.gitBinary(), command(service), "--stateless-rpc",
                access.repo().toString()).redirectInput(body.toFile());
        // git and the hook need nothing of the platform's own secrets.
        pb.environment().keySet().removeIf(k -> k.startsWith("QUARKUS_") || k.startsWith("SLIPWAY_ADMIN"));
        String token = null;
        if (service.equals("git-receive-pack")) {
            int port = ctx.request().localAddress().port();
            token = tokens.issue(new PushGrant(access.app().id(), access.app().name(), access.caller().email(),
                    config.internalUrl(port)));
            Map<String, String> env = pb.environment();
            env.put("SLIPWAY_HOOK_URL", "http://127.0.0.1:" + port + "/internal/hooks/pre-receive");
            env.put("SLIPWAY_PUSH_TOKEN", token);
            env.put("SLIPWAY_SOURCES_DIR", config.sourcesDir().toString());
            env.put("SLIPWAY_MAX_ARCHIVE_BYTES", Long.toString(config.maxPushBytes()));
        }
        try {
            ChunkedOutput out = new ChunkedOutput(ctx.response(), "application/x-" + service + "-result");
            // git holds the spooled body open from here: unlinked now, it is gone even should this
            // process die mid-push
            git.stream(pb, out, () -> SpoolDir.deleteQuietly(body));
            if (token != null) {
                repos.fixHead(access.app().id());
            }
        } finally {
            if (token != null) {
                tokens.revoke(token);
            }
        }
    }

    /**
     * Reads and drops the rest of a refused body, so that the client (curl under git) has sent
     * everything and reads the answer; bounded by as much again as the limit and by time.
     */
    private static boolean drain(InputStream raw, long limit) {
        long deadline = System.nanoTime() + DRAIN_MILLIS * 1_000_000;
        byte[] buffer = new byte[64 * 1024];
        long dropped = 0;
        try {
            int n;
            while ((n = raw.read(buffer)) >= 0) {
                dropped += n;
                if (dropped > limit || System.nanoTime() > deadline) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void refuse(RoutingContext ctx, boolean push, BodySpool.Refused refused, boolean drained) {
        LOG.infof("refused a git request body: %s", refused.message());
        byte[] answer = push ? PushRefusal.render(refused.prefix(), refused.message(), refused.shortReason()) : null;
        if (!drained) {
            ctx.response().putHeader("Connection", "close");
        }
        if (answer == null) {
            GitProcesses.json(ctx, 413, "request_too_large", capitalize(refused.message()) + ".");
            return;
        }
        ChunkedOutput out = new ChunkedOutput(ctx.response(), "application/x-git-receive-pack-result");
        out.write(answer, answer.length);
        out.end();
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private Access authorize(RoutingContext ctx) {
        String appName = group(ctx, 0);
        Caller caller = guard.authenticate(ctx.request().getHeader("Authorization"));
        AppRef app = guard.app(caller, appName);
        // The repository normally exists since AppCreated; a request racing that event creates it.
        Path repo = repos.exists(app.id()) ? repos.path(app.id()) : repos.ensure(app.id());
        return new Access(caller, app, repo);
    }

    /** A capture group of the route's regex (Vert.x names them param0, param1, ...). */
    private static String group(RoutingContext ctx, int index) {
        String value = ctx.pathParam("param" + index);
        return value != null ? value : ctx.request().getParam("param" + index);
    }

    private static String command(String service) {
        return service.substring("git-".length());
    }

    private record Access(Caller caller, AppRef app, Path repo) {}
}
