package dev.slipway.release.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Where the public reaches release-service's streams: through the router, at the platform's domain and port. */
@ApplicationScoped
public class ReleaseSettings {
    private final String publicUrl;

    @Inject
    ReleaseSettings(@ConfigProperty(name = "slipway.domain") String domain,
                    @ConfigProperty(name = "slipway.http-port") int httpPort) {
        this.publicUrl = "http://" + domain + ":" + httpPort;
    }

    /** Heroku's output_stream_url: the token is the capability (the heroku CLI sends no key there). */
    public String outputStreamUrl(String token) {
        return token == null ? null : publicUrl + "/release-outputs/" + token;
    }
}
