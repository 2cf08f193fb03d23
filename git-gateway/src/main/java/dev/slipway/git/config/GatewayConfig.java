package dev.slipway.git.config;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Where the gateway keeps its files and how it names the things it tells others about. */
@ApplicationScoped
public class GatewayConfig {
    private final Path root;
    private final Optional<String> internalUrl;
    private final String domain;
    private final int httpPort;
    private final String gitBinary;
    private final Duration pushTimeout;

    GatewayConfig(@ConfigProperty(name = "slipway.home") String home,
                  @ConfigProperty(name = "slipway.git-gateway.url") Optional<String> internalUrl,
                  @ConfigProperty(name = "slipway.domain") String domain,
                  @ConfigProperty(name = "slipway.http-port") int httpPort,
                  @ConfigProperty(name = "slipway.git.binary") String gitBinary,
                  @ConfigProperty(name = "slipway.git.push-timeout") Duration pushTimeout) {
        this.root = Path.of(home).toAbsolutePath().resolve("git-gateway");
        this.internalUrl = internalUrl.map(String::trim).filter(s -> !s.isEmpty()).map(GatewayConfig::stripSlash);
        this.domain = domain;
        this.httpPort = httpPort;
        this.gitBinary = gitBinary;
        this.pushTimeout = pushTimeout;
    }

    public Path reposDir() {
        return root.resolve("repos");
    }

    public Path sourcesDir() {
        return root.resolve("sources");
    }

    public String gitBinary() {
        return gitBinary;
    }

    public Duration pushTimeout() {
        return pushTimeout;
    }

    /** Our base URL for other services; without SLIPWAY_GIT_GATEWAY_URL, the loopback port a request came in on. */
    public String internalUrl(int localPort) {
        return internalUrl.orElse("http://127.0.0.1:" + localPort);
    }

    public String webUrl(String appName) {
        return "http://" + appName + "." + domain + (httpPort == 80 ? "" : ":" + httpPort) + "/";
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
