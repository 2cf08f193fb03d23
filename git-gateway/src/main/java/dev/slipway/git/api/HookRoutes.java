package dev.slipway.git.api;

import dev.slipway.git.domain.PushGrant;
import dev.slipway.git.domain.PushService;
import dev.slipway.git.domain.PushTokens;
import dev.slipway.kit.HerokuError;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.regex.Pattern;

/**
 * The pre-receive hook's half of a push (internal, never routed publicly): the hook posts one
 * deploy-branch update and reads back the build as plain text lines, the last of which is a
 * marker the hook turns into its exit status.
 */
@ApplicationScoped
public class HookRoutes {
    static final String MARKER = "SLIPWAY-PUSH-RESULT: ";
    private static final Pattern REV = Pattern.compile("[0-9a-f]{40}|[0-9a-f]{64}");
    private static final Pattern DEPLOY_REF = Pattern.compile("refs/heads/(main|master)");

    private final PushTokens tokens;
    private final PushService pushes;

    HookRoutes(PushTokens tokens, PushService pushes) {
        this.tokens = tokens;
        this.pushes = pushes;
    }

    void install(@Observes Router router) {
        router.route(HttpMethod.POST, "/internal/hooks/pre-receive").order(-10)
                .handler(BodyHandler.create().setBodyLimit(64 * 1024).setHandleFileUploads(false))
                .handler(ctx -> GitProcesses.offload(ctx, this::preReceive, false));
    }

    private void preReceive(RoutingContext ctx) {
        PushGrant grant = tokens.find(ctx.request().getHeader("X-Slipway-Push-Token"));
        if (grant == null) {
            throw HerokuError.forbidden("Unknown or expired push token.");
        }
        String oldRev = ctx.request().getFormAttribute("old");
        String newRev = ctx.request().getFormAttribute("new");
        String ref = ctx.request().getFormAttribute("ref");
        String archive = ctx.request().getFormAttribute("archive");
        if (oldRev == null || !REV.matcher(oldRev).matches() || newRev == null || !REV.matcher(newRev).matches()) {
            throw HerokuError.invalidParams("old and new must be commit ids.");
        }
        if (ref == null || !DEPLOY_REF.matcher(ref).matches()) {
            throw HerokuError.invalidParams("Only refs/heads/main and refs/heads/master are deployed.");
        }
        ChunkedOutput out = new ChunkedOutput(ctx.response(), "text/plain; charset=utf-8");
        boolean ok = switch (pushes.begin(grant, ref, oldRev, newRev, archive)) {
            case PushService.Rejected r -> {
                out.line(" !     Push rejected, " + r.reason() + ".");
                yield false;
            }
            case PushService.Accepted a -> pushes.follow(a, grant, newRev, out::line);
        };
        out.line(MARKER + (ok ? "ok" : "failed"));
        out.end();
    }
}
