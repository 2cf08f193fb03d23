package dev.slipway.release.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.kit.AccessGuard;
import dev.slipway.kit.AppRef;
import dev.slipway.kit.Caller;
import dev.slipway.kit.HerokuError;
import dev.slipway.kit.RangeHeader;
import dev.slipway.kit.RangedList;
import dev.slipway.release.config.ReleaseSettings;
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
    /** By version (what the heroku CLI asks for, newest first) or by id, as Heroku offers both. */
    static final RangedList<Release> RANGES = RangedList.of(RangedList.number("version", Release::version),
            RangedList.text("id", r -> r.id().toString()));

    private final AccessGuard guard;
    private final ReleaseService releases;
    private final ReleaseSettings settings;

    ReleaseResource(AccessGuard guard, ReleaseService releases, ReleaseSettings settings) {
        this.guard = guard;
        this.releases = releases;
        this.settings = settings;
    }

    private ReleaseView view(Release r, AppRef app, int currentVersion) {
        return ReleaseView.of(r, app, currentVersion, settings.outputStreamUrl(r.outputToken()));
    }

    @GET
    public Response list(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @PathParam("app") String appName,
                         @HeaderParam("Range") String rangeHeader) {
        AppRef app = guard.authorize(authorization, appName);
        RangeHeader range = RANGES.range(rangeHeader);
        ReleaseService.AsOf<List<Release>> found;
        if (range.field().equals("version")) {
            // an app's releases grow without bound: PostgreSQL cuts the page, the kit sends it
            RangeHeader.Span versions = range.numericSpan();
            found = releases.list(app.id(), versions.lowest(), versions.highest(), range.descending(), range.max() + 1);
        } else {
            // ids have no order worth an index; the rare client that ranges by id gets all, cut in memory
            found = releases.list(app.id(), null, null, false, Integer.MAX_VALUE);
        }
        return RANGES.respond(range, found.value(), r -> view(r, app, found.currentVersion()));
    }

    @GET
    @Path("/{release}")
    public Response info(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @PathParam("app") String appName,
                         @PathParam("release") String release) {
        AppRef app = guard.authorize(authorization, appName);
        ReleaseService.AsOf<Release> found = releases.info(app.id(), release);
        return json(200, view(found.value(), app, found.currentVersion()));
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
        return json(201, view(r, app, Release.SUCCEEDED.equals(r.status()) ? r.version() : 0));
    }

    private static Response json(int status, Object entity) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(entity).build();
    }
}
