package dev.slipway.router.config;

import dev.slipway.router.domain.ApiTarget;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The edge's settings, read once at start-up so the request path never touches the config system. */
@ApplicationScoped
public class RouterConfig {
    private final int httpPort;
    private final String host;
    private final String domain;
    private final Duration responseTimeout;
    private final Duration idleTimeout;
    private final Duration headTimeout;
    private final Duration keepAliveTimeout;
    private final long headMemory;
    private final int instances;
    private final boolean nativeTransport;
    private final Map<ApiTarget, URI> services = new EnumMap<>(ApiTarget.class);

    RouterConfig(@ConfigProperty(name = "slipway.router.http-port") int httpPort,
                 @ConfigProperty(name = "slipway.router.host") String host,
                 @ConfigProperty(name = "slipway.domain") String domain,
                 @ConfigProperty(name = "slipway.router.response-timeout") Duration responseTimeout,
                 @ConfigProperty(name = "slipway.router.idle-timeout") Duration idleTimeout,
                 @ConfigProperty(name = "slipway.router.head-timeout") Duration headTimeout,
                 @ConfigProperty(name = "slipway.router.keep-alive-timeout") Duration keepAliveTimeout,
                 @ConfigProperty(name = "slipway.router.head-memory") long headMemory,
                 @ConfigProperty(name = "slipway.router.instances") int instances,
                 @ConfigProperty(name = "slipway.router.native-transport") boolean nativeTransport,
                 @ConfigProperty(name = "slipway.router.config-service-url") Optional<String> configService,
                 @ConfigProperty(name = "slipway.router.git-gateway-url") Optional<String> gitGateway,
                 @ConfigProperty(name = "slipway.router.builder-service-url") Optional<String> builder,
                 @ConfigProperty(name = "slipway.router.release-service-url") Optional<String> release,
                 @ConfigProperty(name = "slipway.router.dyno-manager-url") Optional<String> dynoManager,
                 @ConfigProperty(name = "slipway.router.addon-service-url") Optional<String> addonService) {
        this.httpPort = httpPort;
        this.host = host;
        this.domain = domain.toLowerCase(java.util.Locale.ROOT);
        this.responseTimeout = responseTimeout;
        this.idleTimeout = idleTimeout;
        this.headTimeout = headTimeout;
        this.keepAliveTimeout = keepAliveTimeout;
        this.headMemory = headMemory;
        this.instances = instances > 0 ? instances : Math.max(1, Runtime.getRuntime().availableProcessors());
        this.nativeTransport = nativeTransport;
        configService.ifPresent(u -> services.put(ApiTarget.CONFIG_SERVICE, URI.create(u)));
        gitGateway.ifPresent(u -> services.put(ApiTarget.GIT_GATEWAY, URI.create(u)));
        builder.ifPresent(u -> services.put(ApiTarget.BUILDER_SERVICE, URI.create(u)));
        release.ifPresent(u -> services.put(ApiTarget.RELEASE_SERVICE, URI.create(u)));
        dynoManager.ifPresent(u -> services.put(ApiTarget.DYNO_MANAGER, URI.create(u)));
        addonService.ifPresent(u -> services.put(ApiTarget.ADDON_SERVICE, URI.create(u)));
    }

    public int httpPort() {
        return httpPort;
    }

    public String host() {
        return host;
    }

    public String domain() {
        return domain;
    }

    public Duration responseTimeout() {
        return responseTimeout;
    }

    /** The rolling window after the first response byte in which either side must send something. */
    public Duration idleTimeout() {
        return idleTimeout;
    }

    /** How long a request head may take to arrive once its first byte has (408 after it). */
    public Duration headTimeout() {
        return headTimeout;
    }

    /** How long a client connection may sit idle between requests before the edge closes it. */
    public Duration keepAliveTimeout() {
        return keepAliveTimeout;
    }

    /** Bytes of unfinished request heads, beyond each connection's free share, one event loop holds at most. */
    public long headMemory() {
        return headMemory;
    }

    public int instances() {
        return instances;
    }

    /** Whether the edge may use Linux epoll through Netty's native library (it falls back to NIO where that fails). */
    public boolean nativeTransport() {
        return nativeTransport;
    }

    /** The base URL of the service that owns an API path, or null when none is configured. */
    public URI serviceUrl(ApiTarget target) {
        return services.get(target);
    }
}
