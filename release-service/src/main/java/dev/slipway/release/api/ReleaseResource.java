package dev.slipway.release.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.kit.AccessGuard;
import dev.slipway.kit.AppRef;
import dev.slipway.kit.Caller;
import dev.slipway.kit.HerokuError;
import dev.slipway.release.domain.Release;
import dev.slipway.release.domain.ReleaseService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.TreeMap;

/** Releases: list (with Heroku's Range paging), info, and rollback. */
@Path("/apps/{app}/releases")
public class ReleaseResource {
    private final AccessGuard guard;
    private final ReleaseService releases;

    ReleaseResource(AccessGuard guard, ReleaseService releases) {
        this.guard = guard;
        this.releases = releases;
    }

    @GET
    public Response list(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @PathParam("app") String appName,
                         @HeaderParam("Range") String rangeHeader) {
        AppRef app = guard.authorize(authorization, appName);
        ReleaseRange range = ReleaseRange.parse(rangeHeader);
        ReleaseService.AsOf<List<Release>> page = releases.list(app.id(), range.lowest(), range.highest(),
                range.descending(), range.max() + 1);
        boolean more = page.value().size() > range.max();
        List<ReleaseView> body = page.value().stream().limit(range.max())
                .map(r -> ReleaseView.of(r, app, page.currentVersion())).toList();
        Response.ResponseBuilder response = Response.status(more ? 206 : 200).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(body);
        if (more) {
            response.header("Next-Range", range.next(body.getLast().version()));
        }
        return response.build();
    }

    @GET
    @Path("/{release}")
    public Response info(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @PathParam("app") String appName,
                         @PathParam("release") String release) {
        AppRef app = guard.authorize(authorization, appName);
        ReleaseService.AsOf<Release> found = releases.info(app.id(), release);
        return json(200, ReleaseView.of(found.value(), app, found.currentVersion()));
    }

    /** The config vars the release runs with (what {@code heroku releases:info} shows). */
    @GET
    @Path("/{release}/config-vars")
    public Response configVars(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                               @PathParam("app") String appName, @PathParam("release") String release) {
        AppRef app = guard.authorize(authorization, appName);
        return json(200, new TreeMap<>(releases.find(app.id(), release).configVars()));
    }

    /** Heroku's rollback: {@code {"release": "<id or version>"}}. */
    @POST
    @Consumes(MediaType.WILDCARD)
    public Response rollback(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                             @PathParam("app") String appName, byte[] text) {
        Caller caller = guard.authenticate(authorization);
        AppRef app = guard.app(caller, appName);
        JsonNode body = JsonBody.parse(text);
        JsonNode target = body == null ? null : body.get("release");
        if (target == null || !(target.isTextual() || target.isIntegralNumber()) || target.asText().isBlank()) {
            throw HerokuError.invalidParams("release must be the id or version of one of the app's releases.");
        }
        Release r = releases.rollback(app, caller, target.asText());
        return json(201, ReleaseView.of(r, app, r.version()));
    }

    private static Response json(int status, Object entity) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(entity).build();
    }
}
