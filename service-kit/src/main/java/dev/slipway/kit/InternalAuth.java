package dev.slipway.kit;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * The service credential on {@code /internal/**}: the launcher generates one secret per platform
 * ({@code SLIPWAY_INTERNAL_TOKEN}, property {@code slipway.internal-token}) and gives it to every
 * service; a request under {@code /internal/} without it in {@link #HEADER} gets 401 in Heroku's
 * shape before any resource sees it. Without a configured secret every such request is refused
 * (fail closed). Loopback alone is no wall: dynos' neighbours, build steps and anything else on
 * the host reach 127.0.0.1.
 *
 * <p>Exempt: {@code /internal/hooks/}, git-gateway's pre-receive hook, which authenticates with
 * the short-lived per-push token git-gateway gave that one push; the platform's secret is not
 * handed to git's hook processes.
 */
@ApplicationScoped
public class InternalAuth {
    public static final String HEADER = "X-Slipway-Service-Token";
    static final String PROPERTY = "slipway.internal-token";
    private static final Logger LOG = Logger.getLogger(InternalAuth.class);
    private static final String REFUSED = "{\"id\":\"unauthorized\",\"message\":\"This internal endpoint needs the platform's service credential.\"}";

    private final byte[] secret;

    InternalAuth() {
        this(configuredSecret());
    }

    InternalAuth(Optional<String> secret) {
        this.secret = secret.filter(s -> !s.isBlank()).map(s -> s.getBytes(StandardCharsets.UTF_8)).orElse(null);
        if (this.secret == null) {
            LOG.warn(PROPERTY + " (SLIPWAY_INTERNAL_TOKEN) is not set: every /internal/ request is refused");
        }
    }

    /** First of all routes, so no resource, body handler or other filter runs for a refused request. */
    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 100).handler(this::check);
    }

    void check(RoutingContext ctx) {
        if (!needsCredential(ctx.normalizedPath()) || accepts(ctx.request().getHeader(HEADER))) {
            ctx.next();
            return;
        }
        ctx.response().setStatusCode(401)
                .putHeader("Content-Type", "application/json")
                .end(REFUSED);
    }

    /** {@code normalizedPath} has dot segments and duplicate slashes resolved and unreserved escapes decoded. */
    static boolean needsCredential(String normalizedPath) {
        return (normalizedPath.equals("/internal") || normalizedPath.startsWith("/internal/"))
                && !normalizedPath.startsWith("/internal/hooks/");
    }

    boolean accepts(String presented) {
        return secret != null && presented != null
                && MessageDigest.isEqual(secret, presented.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The request with this service's credential, for a call to another service's
     * {@code /internal/} endpoint. Static because the callers (a build's source fetch, the slug
     * cache) are plain objects built with {@code new}; the secret is the process' configuration.
     */
    public static HttpRequest.Builder signed(HttpRequest.Builder request) {
        configuredSecret().filter(s -> !s.isBlank()).ifPresent(secret -> request.header(HEADER, secret));
        return request;
    }

    private static Optional<String> configuredSecret() {
        return ConfigProvider.getConfig().getOptionalValue(PROPERTY, String.class);
    }
}
