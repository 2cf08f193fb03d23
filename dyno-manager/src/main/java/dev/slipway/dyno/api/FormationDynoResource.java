package dev.slipway.dyno.api;

import dev.slipway.dyno.domain.DynoService;
import dev.slipway.kit.AccessGuard;
import dev.slipway.kit.AppRef;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The dynos of one process type, as the heroku CLI addresses them ({@code ps:restart
 * --process-type web}, {@code ps:stop --process-type worker}). These act on actual state only:
 * the desired formation stays release-service's ({@code /apps/{app}/formation}).
 */
@Path("/apps/{app}/formations/{type}")
@Produces(MediaType.APPLICATION_JSON)
public class FormationDynoResource {
    private final AccessGuard guard;
    private final DynoService dynos;

    FormationDynoResource(AccessGuard guard, DynoService dynos) {
        this.guard = guard;
        this.dynos = dynos;
    }

    @DELETE
    public Response restart(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth, @PathParam("app") String appName,
                            @PathParam("type") String type) {
        AppRef app = guard.authorize(auth, appName);
        dynos.restartType(app.id(), type);
        return DynoResource.accepted();
    }

    @POST
    @Path("/actions/stop")
    @Consumes(MediaType.WILDCARD)
    public Response stop(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth, @PathParam("app") String appName,
                         @PathParam("type") String type) {
        AppRef app = guard.authorize(auth, appName);
        dynos.stopType(app.id(), type);
        return DynoResource.accepted();
    }
}
