package dev.slipway.addon.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.addon.domain.Addon;
import dev.slipway.addon.domain.AddonService;
import dev.slipway.kit.AccessGuard;
import dev.slipway.kit.AppRef;
import dev.slipway.kit.HerokuError;
import dev.slipway.kit.RangedList;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** An app's add-ons: {@code heroku addons:create}, {@code addons}, {@code addons:destroy}, plan changes and renames. */
@Path("/apps/{app}/addons")
public class AppAddonResource {
    static final RangedList<Addon> ADDONS = RangedList.of(
            RangedList.text("id", a -> a.id().toString()), RangedList.text("name", Addon::name));

    private final AccessGuard guard;
    private final AddonService addons;

    AppAddonResource(AccessGuard guard, AddonService addons) {
        this.guard = guard;
        this.addons = addons;
    }

    @GET
    public Response list(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                         @HeaderParam("Range") String range, @PathParam("app") String appName) {
        AppRef app = guard.authorize(authorization, appName);
        return ADDONS.respond(range, addons.list(app), AddonView::of);
    }

    /** {@code {"plan": {"name": "heroku-postgresql:essential-0"}, "name"?, "attachment": {"name"?}, "config"?, "confirm"?}}; a plan may also be a plain string. */
    @POST
    @Consumes(MediaType.WILDCARD)
    public Response create(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                           @PathParam("app") String appName, byte[] text) {
        AppRef app = guard.authorize(authorization, appName);
        JsonNode body = JsonBody.object(text);
        String plan = JsonBody.nameOrText(body, "plan");
        if (plan == null) {
            throw HerokuError.invalidParams("plan is required: the add-on service or plan, e.g. heroku-postgresql or"
                    + " heroku-postgresql:essential-0.");
        }
        JsonNode config = body.path("config");
        if (config.isObject() && !config.isEmpty()) {
            throw HerokuError.invalidParams("heroku-postgresql takes no configuration options (got: "
                    + String.join(", ", (Iterable<String>) config::fieldNames) + ").");
        }
        Addon created = addons.create(app, new AddonService.Request(plan, JsonBody.text(body, "name"),
                JsonBody.text(body.path("attachment"), "name")));
        return Response.status(201).entity(AddonView.of(created)).type(MediaType.APPLICATION_JSON_TYPE).build();
    }

    @GET
    @Path("/{addon}")
    public AddonView info(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                          @PathParam("app") String appName, @PathParam("addon") String addon) {
        return AddonView.of(addons.ofApp(guard.authorize(authorization, appName), addon));
    }

    /** {@code {"plan": {"name": ...}}} (heroku addons:upgrade) and/or {@code {"name": ...}} (heroku addons:rename). */
    @PATCH
    @Consumes(MediaType.WILDCARD)
    @Path("/{addon}")
    public AddonView update(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                            @PathParam("app") String appName, @PathParam("addon") String addon, byte[] text) {
        AppRef app = guard.authorize(authorization, appName);
        JsonNode body = JsonBody.object(text);
        String plan = JsonBody.nameOrText(body, "plan");
        String name = JsonBody.text(body, "name");
        if (plan == null && name == null) {
            throw HerokuError.invalidParams("Nothing to change: give a plan and/or a name.");
        }
        return AddonView.of(addons.update(app, addon, name, plan));
    }

    @DELETE
    @Path("/{addon}")
    public AddonView destroy(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                             @PathParam("app") String appName, @PathParam("addon") String addon) {
        return AddonView.of(addons.destroy(guard.authorize(authorization, appName), addon));
    }
}
