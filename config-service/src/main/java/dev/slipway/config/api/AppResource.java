package dev.slipway.config.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.config.config.PublicUrls;
import dev.slipway.config.domain.AccountService;
import dev.slipway.config.domain.App;
import dev.slipway.config.domain.AppService;
import dev.slipway.kit.Caller;
import dev.slipway.kit.RangedList;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

@Path("/apps")
@Produces(MediaType.APPLICATION_JSON)
public class AppResource {
    static final RangedList<App> RANGES = RangedList.of(RangedList.text("id", a -> a.id().toString()),
            RangedList.text("name", App::name));
    private final AccountService accounts;
    private final AppService apps;
    private final JsonBodies bodies;
    private final PublicUrls urls;

    AppResource(AccountService accounts, AppService apps, JsonBodies bodies, PublicUrls urls) {
        this.accounts = accounts;
        this.apps = apps;
        this.bodies = bodies;
        this.urls = urls;
    }

    @POST
    public Response create(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, String body) {
        Caller caller = accounts.authenticate(authorization);
        String name = JsonBodies.optionalString(bodies.object(body), "name");
        return Response.status(201).entity(AppView.of(apps.create(caller, name), urls)).build();
    }

    /** Every app for an admin ({@code heroku apps --all}); for others the apps they own or collaborate on. */
    @GET
    public Response list(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                         @HeaderParam("Range") String range) {
        return RANGES.respond(range, apps.list(accounts.authenticate(authorization)), a -> AppView.of(a, urls));
    }

    @GET
    @Path("{app}")
    public AppView get(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @PathParam("app") String app) {
        return AppView.of(apps.get(accounts.authenticate(authorization), app), urls);
    }

    /** {@code {"name"?: ..., "maintenance"?: true}}; other Heroku fields (build_stack) are ignored. */
    @PATCH
    @Path("{app}")
    public AppView update(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @PathParam("app") String app,
                          String body) {
        Caller caller = accounts.authenticate(authorization);
        ObjectNode json = bodies.object(body);
        return AppView.of(apps.update(caller, app, JsonBodies.optionalString(json, "name"),
                JsonBodies.optionalBoolean(json, "maintenance")), urls);
    }

    @DELETE
    @Path("{app}")
    public AppView delete(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @PathParam("app") String app) {
        return AppView.of(apps.delete(accounts.authenticate(authorization), app), urls);
    }
}
