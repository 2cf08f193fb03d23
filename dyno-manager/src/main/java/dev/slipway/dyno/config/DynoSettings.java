package dev.slipway.dyno.config;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Where dyno-manager keeps its files and the timeouts of a dyno's life. */
@ApplicationScoped
public class DynoSettings {
    private final Path root;
    private final Duration bootTimeout;
    private final Duration stopTimeout;
    private final String advertisedHost;

    DynoSettings(@ConfigProperty(name = "slipway.home") String home,
                 @ConfigProperty(name = "slipway.dyno.boot-timeout", defaultValue = "60s") Duration bootTimeout,
                 @ConfigProperty(name = "slipway.dyno.stop-timeout", defaultValue = "30s") Duration stopTimeout,
                 @ConfigProperty(name = "slipway.dyno.advertised-host", defaultValue = "127.0.0.1") String advertisedHost) {
        this.root = Path.of(home).toAbsolutePath().normalize().resolve("dyno-manager");
        this.bootTimeout = bootTimeout;
        this.stopTimeout = stopTimeout;
        this.advertisedHost = advertisedHost;
    }

    public Path slugs() {
        return root.resolve("slugs");
    }

    public Path dynos() {
        return root.resolve("dynos");
    }

    public Path logs() {
        return root.resolve("logs");
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
}
