package dev.slipway.config.api;

import dev.slipway.config.domain.AccountService;
import dev.slipway.config.domain.AppService;
import dev.slipway.kit.HerokuError;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * What Slipway does not have, answered honestly so that {@code heroku apps:info} and
 * {@code heroku domains:add} print without an error: no SSL endpoints, no features,
 * no pipeline. Access is checked as for any other endpoint of the app.
 */
@Path("/apps")
@Produces(MediaType.APPLICATION_JSON)
public class EmptyAppListsResource {
    private final AccountService accounts;
    private final AppService apps;

    EmptyAppListsResource(AccountService accounts, AppService apps) {
        this.accounts = accounts;
        this.apps = apps;
    }

    @GET
    @Path("{app}/sni-endpoints")
    public List<Object> sniEndpoints(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                     @PathParam("app") String app) {
        return none(authorization, app);
    }

    @GET
    @Path("{app}/features")
    public List<Object> features(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                 @PathParam("app") String app) {
        return none(authorization, app);
    }

    /** Heroku answers 404 for an app in no pipeline; the CLI reads that as "none". */
    @GET
    @Path("{app}/pipeline-couplings")
    public Object pipelineCoupling(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                   @PathParam("app") String app) {
        apps.get(accounts.authenticate(authorization), app);
        throw HerokuError.notFound("Couldn't find that pipeline coupling.");
    }

    private List<Object> none(String authorization, String app) {
        apps.get(accounts.authenticate(authorization), app);
        return List.of();
    }
}
