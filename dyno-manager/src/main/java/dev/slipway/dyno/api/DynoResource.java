package dev.slipway.dyno.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.dyno.domain.Dyno;
import dev.slipway.dyno.domain.DynoService;
import dev.slipway.kit.AccessGuard;
import dev.slipway.kit.AppRef;
import dev.slipway.kit.HerokuError;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Dynos of an app: list, info, restart, stop and one-off runs (Heroku Platform API v3). */
@Path("/apps/{app}/dynos")
@Produces(MediaType.APPLICATION_JSON)
public class DynoResource {
    private static final int MAX_COMMAND = 4096;

    private final AccessGuard guard;
    private final DynoService dynos;
    private final ObjectMapper json;

    DynoResource(AccessGuard guard, DynoService dynos, ObjectMapper json) {
        this.guard = guard;
        this.dynos = dynos;
        this.json = json;
    }

    @GET
    public List<DynoView> list(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth, @PathParam("app") String appName) {
        AppRef app = guard.authorize(auth, appName);
        return dynos.list(app.id()).stream().map(d -> DynoView.of(d, app)).toList();
    }

    @GET
    @Path("/{dyno}")
    public DynoView info(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth, @PathParam("app") String appName,
                         @PathParam("dyno") String dyno) {
        AppRef app = guard.authorize(auth, appName);
        return DynoView.of(dynos.find(app.id(), dyno), app);
    }

    @DELETE
    public Response restartAll(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth, @PathParam("app") String appName) {
        AppRef app = guard.authorize(auth, appName);
        dynos.restartAll(app.id());
        return accepted();
    }

    @DELETE
    @Path("/{dyno}")
    public Response restart(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth, @PathParam("app") String appName,
                            @PathParam("dyno") String dyno) {
        AppRef app = guard.authorize(auth, appName);
        dynos.restart(app.id(), dyno);
        return accepted();
    }

    @POST
    @Path("/{dyno}/actions/stop")
    @Consumes(MediaType.WILDCARD)
    public Response stop(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth, @PathParam("app") String appName,
                         @PathParam("dyno") String dyno) {
        AppRef app = guard.authorize(auth, appName);
        dynos.stop(app.id(), dyno);
        return accepted();
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Response run(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth, @PathParam("app") String appName,
                        byte[] text) {
        AppRef app = guard.authorize(auth, appName);
        JsonNode body = parse(text);
        JsonNode command = body.get("command");
        if (command == null || !command.isTextual() || command.asText().isBlank()) {
            throw HerokuError.invalidParams("command is required: the command to run in the one-off dyno.");
        }
        if (command.asText().length() > MAX_COMMAND) {
            throw HerokuError.invalidParams("command is longer than " + MAX_COMMAND + " characters.");
        }
        JsonNode attach = body.get("attach");
        if (attach != null && !attach.isNull() && !attach.isBoolean()) {
            throw HerokuError.invalidParams("attach must be true or false.");
        }
        if (attach != null && attach.asBoolean()) {
            throw HerokuError.invalidParams("Slipway cannot attach to a one-off dyno yet: run it with "
                    + "\"attach\": false and read its output with heroku logs.");
        }
        JsonNode type = body.get("type");
        if (type != null && !type.isNull() && !Dyno.ONE_OFF_TYPE.equals(type.asText())) {
            throw HerokuError.invalidParams("type must be \"run\" for a one-off dyno.");
        }
        JsonNode size = body.get("size");
        if (size != null && !size.isNull() && (!size.isTextual() || size.asText().isBlank())) {
            throw HerokuError.invalidParams("size must be a dyno size name, e.g. standard-1X.");
        }
        Dyno dyno = dynos.run(app.id(), command.asText(), env(body.get("env")),
                size == null || size.isNull() ? null : size.asText());
        return Response.status(201).entity(DynoView.of(dyno, app)).build();
    }

    private Map<String, String> env(JsonNode env) {
        Map<String, String> out = new LinkedHashMap<>();
        if (env == null || env.isNull()) {
            return out;
        }
        if (!env.isObject()) {
            throw HerokuError.invalidParams("env must be an object of string values.");
        }
        for (var field : env.properties()) {
            if (!field.getValue().isTextual() || field.getKey().isBlank() || field.getKey().contains("=")
                    || field.getKey().indexOf('\0') >= 0 || field.getValue().asText().indexOf('\0') >= 0) {
                throw HerokuError.invalidParams("env must be an object of string values.");
            }
            out.put(field.getKey(), field.getValue().asText());
        }
        return out;
    }

    private JsonNode parse(byte[] text) {
        try {
            JsonNode body = text == null || text.length == 0 ? null : json.readTree(text);
            if (body == null || !body.isObject()) {
                throw HerokuError.invalidParams("Expected a JSON object, e.g. {\"command\": \"bash\", \"attach\": false}.");
            }
            return body;
        } catch (IOException e) {
            throw HerokuError.badRequest("The request body is not valid JSON.");
        }
    }

    static Response accepted() {
        return Response.status(202).entity(Map.of()).type(MediaType.APPLICATION_JSON).build();
    }
}
