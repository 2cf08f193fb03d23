package dev.slipway.kit;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once the kit's tables exist and its relay runs, and while every consumer loop of the
 * service (the kit's and any a service starts itself) is RUNNING: a loop that is making a new
 * consumer or waiting for the database makes the service not ready. The details name each loop
 * by group: {@code <group>: RUNNING}, {@code <group>.dead_letters}, {@code <group>.restarts}, and
 * {@code <group>.last_failure} once there was one.
 */
@Readiness
@ApplicationScoped
public class KitReadiness implements HealthCheck {
    private final KitBeans kit;

    KitReadiness(KitBeans kit) {
        this.kit = kit;
    }

    @Override
    public HealthCheckResponse call() {
        return report(kit.started(), EventConsumerLoop.statuses());
    }

    static HealthCheckResponse report(boolean started, List<EventConsumerLoop.Status> loops) {
        boolean up = started;
        HealthCheckResponseBuilder response = HealthCheckResponse.named("slipway-kit");
        for (EventConsumerLoop.Status loop : loops) {
            up &= loop.state() == EventConsumerLoop.State.RUNNING;
            response.withData(loop.group(), loop.state().name())
                    .withData(loop.group() + ".dead_letters", loop.deadLetters())
                    .withData(loop.group() + ".restarts", loop.restarts());
            if (loop.lastFailure() != null) {
                response.withData(loop.group() + ".last_failure", loop.lastFailure());
            }
        }
        return response.status(up).build();
    }
}
