package dev.slipway.git.api;

import dev.slipway.git.config.GatewayConfig;
import dev.slipway.git.domain.PushGrant;
import dev.slipway.git.domain.PushTokens;
import dev.slipway.git.domain.RepoStore;
import dev.slipway.kit.AccessGuard;
import dev.slipway.kit.AppRef;
import dev.slipway.kit.Caller;
import dev.slipway.kit.HerokuError;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * git's smart HTTP protocol, served by the real git binary: {@code info/refs} advertisements and
 * the {@code git-upload-pack} / {@code git-receive-pack} RPCs. A Vert.x route rather than a JAX-RS
 * resource, so that receive-pack's output (the build, via the hook) reaches the client as it is
 * written. Request bodies are read whole before git starts (bounded by quarkus.http.limits).
 */
@ApplicationScoped
public class GitHttpRoutes {
    private static final Set<String> SERVICES = Set.of("git-upload-pack", "git-receive-pack");
    private static final long MAX_BODY = 512L * 1024 * 1024;

    private final AccessGuard guard;
    private final RepoStore repos;
    private final PushTokens tokens;
    private final GatewayConfig config;
    private final GitProcesses git;

    GitHttpRoutes(AccessGuard guard, RepoStore repos, PushTokens tokens, GatewayConfig config, GitProcesses git) {
        this.guard = guard;
        this.repos = repos;
        this.tokens = tokens;
        this.config = config;
        this.git = git;
    }

    void install(@Observes Router router) {
        router.routeWithRegex(HttpMethod.GET, "^/([^/]+)\\.git/info/refs$").order(-10)
                .handler(ctx -> GitProcesses.offload(ctx, this::advertise));
        router.routeWithRegex(HttpMethod.POST, "^/([^/]+)\\.git/(git-upload-pack|git-receive-pack)$").order(-10)
                .handler(BodyHandler.create().setBodyLimit(MAX_BODY).setHandleFileUploads(false))
                .handler(ctx -> GitProcesses.offload(ctx, this::rpc));
        // Everything else under a repository is git's dumb protocol, which Slipway does not speak.
        router.routeWithRegex("^/([^/]+)\\.git(/.*)?$").order(-9)
                .handler(ctx -> GitProcesses.plain(ctx, 404, "Not found. Slipway speaks git's smart HTTP protocol only."));
    }

    private void advertise(RoutingContext ctx) throws IOException {
        String service = ctx.request().getParam("service");
        if (service == null || service.isBlank()) {
            throw HerokuError.forbidden("Slipway speaks git's smart HTTP protocol only; please upgrade git.");
        }
        if (!SERVICES.contains(service)) {
            throw HerokuError.forbidden("Unsupported service: " + service);
        }
        Access access = authorize(ctx);
        byte[] refs = git.run(List.of(config.gitBinary(), command(service), "--stateless-rpc", "--advertise-refs",
                access.repo().toString()));
        ChunkedOutput out = new ChunkedOutput(ctx.response(), "application/x-" + service + "-advertisement");
        byte[] header = PktLine.of("# service=" + service + "\n");
        out.write(header, header.length);
        out.write(PktLine.FLUSH, PktLine.FLUSH.length);
        out.write(refs, refs.length);
        out.end();
    }

    private void rpc(RoutingContext ctx) throws IOException {
        String service = group(ctx, 1);
        String contentType = ctx.request().getHeader("Content-Type");
        Access access = authorize(ctx);
        if (contentType == null || !contentType.startsWith("application/x-" + service + "-request")) {
            throw new HerokuError(415, "unsupported_media_type", "Expected application/x-" + service + "-request.");
        }
        InputStream body = new ByteArrayInputStream(ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes());
        String encoding = ctx.request().getHeader("Content-Encoding");
        if (encoding != null && encoding.toLowerCase().contains("gzip")) {
            body = new GZIPInputStream(body);
        }
        ProcessBuilder pb = new ProcessBuilder(config.gitBinary(), command(service), "--stateless-rpc",
                access.repo().toString());
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
        }
        try {
            ChunkedOutput out = new ChunkedOutput(ctx.response(), "application/x-" + service + "-result");
            git.stream(pb, body, out);
            if (token != null) {
                repos.fixHead(access.app().id());
            }
        } finally {
            if (token != null) {
                tokens.revoke(token);
            }
        }
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
