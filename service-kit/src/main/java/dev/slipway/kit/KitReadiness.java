package dev.slipway.kit;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the kit's tables exist and its relay and consumer run. */
@Readiness
@ApplicationScoped
public class KitReadiness implements HealthCheck {
    private final KitBeans kit;

    KitReadiness(KitBeans kit) {
        this.kit = kit;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("slipway-kit").status(kit.started()).build();
    }
}
