package dev.slipway.addon.api;

import dev.slipway.addon.api.CatalogViews.PlanView;
import dev.slipway.addon.api.CatalogViews.ServiceView;
import dev.slipway.addon.domain.AddonCatalog;
import dev.slipway.kit.AccessGuard;
import dev.slipway.kit.HerokuError;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.List;

/** The catalog: {@code heroku addons:services} and {@code heroku addons:plans heroku-postgresql}. */
@Path("/addon-services")
public class CatalogResource {
    private final AccessGuard guard;

    CatalogResource(AccessGuard guard) {
        this.guard = guard;
    }

    @GET
    public List<ServiceView> services(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        guard.authenticate(authorization);
        return List.of(ServiceView.of(AddonCatalog.POSTGRES));
    }

    @GET
    @Path("/{service}")
    public ServiceView service(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                               @PathParam("service") String service) {
        guard.authenticate(authorization);
        return ServiceView.of(AddonCatalog.service(service));
    }

    @GET
    @Path("/{service}/plans")
    public List<PlanView> plans(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                @PathParam("service") String service) {
        guard.authenticate(authorization);
        return AddonCatalog.plans(AddonCatalog.service(service)).stream().map(PlanView::of).toList();
    }

    @GET
    @Path("/{service}/plans/{plan}")
    public PlanView plan(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                         @PathParam("service") String service, @PathParam("plan") String plan) {
        guard.authenticate(authorization);
        String known = AddonCatalog.service(service);
        return AddonCatalog.plans(known).stream()
                .filter(p -> p.name().equals(plan) || p.shortName().equals(plan) || p.id().toString().equals(plan))
                .findFirst().map(PlanView::of)
                .orElseThrow(() -> HerokuError.notFound("Couldn't find that add-on plan."));
    }
}
