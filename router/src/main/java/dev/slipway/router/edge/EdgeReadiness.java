package dev.slipway.router.edge;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the routing table is loaded and the public edge listens. */
@Readiness
@ApplicationScoped
public class EdgeReadiness implements HealthCheck {
    private final EdgeServer edge;

    EdgeReadiness(EdgeServer edge) {
        this.edge = edge;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("router-edge").status(edge.port() > 0)
                .withData("port", edge.port()).build();
    }
}
