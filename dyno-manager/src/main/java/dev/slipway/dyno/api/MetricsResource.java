package dev.slipway.dyno.api;

import dev.slipway.dyno.metrics.MetricsRange;
import dev.slipway.dyno.metrics.MetricsSeries;
import dev.slipway.kit.AccessGuard;
import dev.slipway.kit.AppRef;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.time.InstantSource;
import java.util.Map;

/** An app's metrics for the dashboard: router and dyno series over a time range, and the timeline. */
@Path("/apps/{app}/metrics")
@Produces(MediaType.APPLICATION_JSON)
public class MetricsResource {
    private final AccessGuard guard;
    private final MetricsSeries series;
    private final InstantSource clock;

    MetricsResource(AccessGuard guard, MetricsSeries series, InstantSource clock) {
        this.guard = guard;
        this.series = series;
        this.clock = clock;
    }

    @GET
    public Map<String, Object> get(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth, @PathParam("app") String appName,
                                   @QueryParam("since") String since, @QueryParam("until") String until,
                                   @QueryParam("step") String step) {
        AppRef app = guard.authorize(auth, appName);
        return series.of(app, MetricsRange.parse(since, until, step, clock.instant()));
    }
}
