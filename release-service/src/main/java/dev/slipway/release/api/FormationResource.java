package dev.slipway.release.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.kit.AccessGuard;
import dev.slipway.kit.AppRef;
import dev.slipway.kit.HerokuError;
import dev.slipway.release.domain.Formation;
import dev.slipway.release.domain.FormationService;
import dev.slipway.release.domain.FormationUpdate;
import dev.slipway.release.domain.Release;
import dev.slipway.release.domain.ReleaseService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The formation: list, info, and scaling one process type or several at once. */
@Path("/apps/{app}/formation")
public class FormationResource {
    private final AccessGuard guard;
    private final FormationService formation;
    private final ReleaseService releases;

    FormationResource(AccessGuard guard, FormationService formation, ReleaseService releases) {
        this.guard = guard;
        this.formation = formation;
        this.releases = releases;
    }

    @GET
    public Response list(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @PathParam("app") String appName) {
        AppRef app = guard.authorize(authorization, appName);
        return json(views(app, formation.list(app.id())));
    }

    @GET
    @Path("/{type}")
    public Response info(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @PathParam("app") String appName,
                         @PathParam("type") String type) {
        AppRef app = guard.authorize(authorization, appName);
        return json(views(app, List.of(formation.find(app.id(), type))).getFirst());
    }

    @PATCH
    @Consumes(MediaType.WILDCARD)
    @Path("/{type}")
    public Response update(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @PathParam("app") String appName,
                           @PathParam("type") String type, byte[] text) {
        AppRef app = guard.authorize(authorization, appName);
        JsonNode body = JsonBody.parse(text);
        if (body == null || !body.isObject()) {
            throw HerokuError.invalidParams("Expected a JSON object with quantity and/or size.");
        }
        List<Formation> updated = formation.update(app.id(), List.of(FormationRequest.update(type, body)));
        return json(views(app, updated).getFirst());
    }

    /** Heroku's batch update: {@code {"updates": [{"type": "web", "quantity": 2, "size": "standard-1X"}]}}. */
    @PATCH
    @Consumes(MediaType.WILDCARD)
    public Response batchUpdate(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                @PathParam("app") String appName, byte[] text) {
        AppRef app = guard.authorize(authorization, appName);
        JsonNode body = JsonBody.parse(text);
        JsonNode updates = body == null ? null : body.get("updates");
        if (updates == null || !updates.isArray() || updates.isEmpty()) {
            throw HerokuError.invalidParams("updates must be a non-empty list of formation updates.");
        }
        List<FormationUpdate> parsed = new ArrayList<>();
        for (JsonNode u : updates) {
            if (!u.isObject() || !u.path("type").isTextual() || u.path("type").asText().isBlank()) {
                throw HerokuError.invalidParams("Every update needs a process type.");
            }
            parsed.add(FormationRequest.update(u.get("type").asText(), u));
        }
        return json(views(app, formation.update(app.id(), parsed)));
    }

    private List<FormationView> views(AppRef app, List<Formation> list) {
        Map<String, String> commands = releases.current(app.id()).map(Release::processTypes).orElse(Map.of());
        return list.stream().map(f -> FormationView.of(f, app, commands.get(f.type()))).toList();
    }

    private static Response json(Object entity) {
        return Response.ok(entity).type(MediaType.APPLICATION_JSON_TYPE).build();
    }
}
