package dev.slipway.dyno.config;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Where dyno-manager keeps its files, the timeouts of a dyno's life, and its sandboxes' settings. */
@ApplicationScoped
public class DynoSettings {
    /** The operator's opt-out from sandboxes, for a machine that cannot make them. */
    public static final String UNSANDBOXED_VARIABLE = "SLIPWAY_UNSAFE_UNSANDBOXED";

    private final Path root;
    private final Duration bootTimeout;
    private final Duration stopTimeout;
    private final String advertisedHost;
    private final Duration logSessionTtl;
    private final Duration logHeartbeat;
    private final String publicBaseUrl;
    private final boolean unsandboxed;
    private final String dynoSubnet;

    DynoSettings(@ConfigProperty(name = "slipway.home") String home,
                 @ConfigProperty(name = "slipway.dyno.boot-timeout", defaultValue = "60s") Duration bootTimeout,
                 @ConfigProperty(name = "slipway.dyno.stop-timeout", defaultValue = "30s") Duration stopTimeout,
                 @ConfigProperty(name = "slipway.dyno.advertised-host", defaultValue = "127.0.0.1") String advertisedHost,
                 @ConfigProperty(name = "slipway.logs.session-ttl", defaultValue = "5m") Duration logSessionTtl,
                 @ConfigProperty(name = "slipway.logs.heartbeat", defaultValue = "15s") Duration logHeartbeat,
                 @ConfigProperty(name = "slipway.domain", defaultValue = "localhost") String domain,
                 @ConfigProperty(name = "slipway.http-port", defaultValue = "8080") int httpPort,
                 @ConfigProperty(name = "slipway.dyno.unsafe-unsandboxed", defaultValue = "false") boolean unsandboxed,
                 @ConfigProperty(name = "slipway.dyno.subnet", defaultValue = "10.213.0.0/16") String dynoSubnet) {
        this.root = Path.of(home).toAbsolutePath().normalize().resolve("dyno-manager");
        this.bootTimeout = bootTimeout;
        this.stopTimeout = stopTimeout;
        this.advertisedHost = advertisedHost;
        this.logSessionTtl = logSessionTtl;
        this.logHeartbeat = logHeartbeat;
        this.publicBaseUrl = "http://" + domain + (httpPort == 80 ? "" : ":" + httpPort);
        this.unsandboxed = unsandboxed;
        this.dynoSubnet = dynoSubnet;
    }

    /** Where the sandboxes' OCI bundles live while their dynos run. */
    public Path sandboxBundles() {
        return root.resolve("sandboxes");
    }

    /** True when the operator lets dynos run as plain processes where sandboxes cannot be made. */
    public boolean unsandboxed() {
        return unsandboxed;
    }

    /** The subnet dyno addresses come from (a /30 each). */
    public String dynoSubnet() {
        return dynoSubnet;
    }

    public Path slugs() {
        return root.resolve("slugs");
    }

    /** Runtime layers unpacked, one directory per id, shared read-only by the dynos that name them. */
    public Path layers() {
        return root.resolve("layers");
    }

    /** Runtime layers' tars while they are fetched and unpacked. */
    public Path layerArchives() {
        return root.resolve("layer-archives");
    }

    public Path dynos() {
        return root.resolve("dynos");
    }

    public Duration bootTimeout() {
        return bootTimeout;
    }

    public Duration stopTimeout() {
        return stopTimeout;
    }

    /** The address the router reaches this machine's dynos at (loopback unless the router runs elsewhere). */
    public String advertisedHost() {
        return advertisedHost;
    }

    /** How long a log session's token works before a stream opens it, or after its last stream closed. */
    public Duration logSessionTtl() {
        return logSessionTtl;
    }

    /** How often an idle tail stream sends a comment, so that proxies keep it open. */
    public Duration logHeartbeat() {
        return logHeartbeat;
    }

    /** The platform's public base URL ({@code http://<SLIPWAY_DOMAIN>:<SLIPWAY_HTTP_PORT>}), for log stream URLs. */
    public String publicBaseUrl() {
        return publicBaseUrl;
    }
}
