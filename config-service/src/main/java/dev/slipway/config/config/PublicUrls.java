package dev.slipway.config.config;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The public addresses of apps, as the router serves them (CONVENTIONS.md). */
@ApplicationScoped
public class PublicUrls {
    private final String domain;
    private final String portSuffix;

    PublicUrls(@ConfigProperty(name = "slipway.domain") String domain, @ConfigProperty(name = "slipway.http-port") int port) {
        this.domain = domain;
        this.portSuffix = port == 80 ? "" : ":" + port;
    }

    public String defaultHostname(String app) {
        return app + "." + domain;
    }

    public String webUrl(String app) {
        return "http://" + defaultHostname(app) + portSuffix + "/";
    }

    public String gitUrl(String app) {
        return "http://" + domain + portSuffix + "/" + app + ".git";
    }
}
