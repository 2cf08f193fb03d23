package dev.slipway.git.config;

import io.quarkus.runtime.configuration.MemorySize;
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
    private final long maxPushBytes;
    private final long maxFetchRequestBytes;

    GatewayConfig(@ConfigProperty(name = "slipway.home") String home,
                  @ConfigProperty(name = "slipway.git-gateway.url") Optional<String> internalUrl,
                  @ConfigProperty(name = "slipway.domain") String domain,
                  @ConfigProperty(name = "slipway.http-port") int httpPort,
                  @ConfigProperty(name = "slipway.git.binary") String gitBinary,
                  @ConfigProperty(name = "slipway.git.push-timeout") Duration pushTimeout,
                  @ConfigProperty(name = "slipway.git.max-push-size") MemorySize maxPushSize,
                  @ConfigProperty(name = "slipway.git.max-fetch-request-size") MemorySize maxFetchRequestSize) {
        this.root = Path.of(home).toAbsolutePath().resolve("git-gateway");
        this.internalUrl = internalUrl.map(String::trim).filter(s -> !s.isEmpty()).map(GatewayConfig::stripSlash);
        this.domain = domain;
        this.httpPort = httpPort;
        this.gitBinary = gitBinary;
        this.pushTimeout = pushTimeout;
        this.maxPushBytes = maxPushSize.asLongValue();
        this.maxFetchRequestBytes = maxFetchRequestSize.asLongValue();
    }

    /** A push's request body, as sent and once inflated (Heroku's repository size limit, 1 GB). */
    public long maxPushBytes() {
        return maxPushBytes;
    }

    /** A fetch's request body (wants and haves only: small even for a big repository). */
    public long maxFetchRequestBytes() {
        return maxFetchRequestBytes;
    }

    /** Request bodies on their way to git; emptied at start-up. */
    public Path spoolDir() {
        return root.resolve("spool");
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
