package dev.slipway.dyno.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.slipway.dyno.config.DynoSettings;
import dev.slipway.dyno.domain.LogFilter;
import dev.slipway.dyno.domain.LogSessions;
import dev.slipway.dyno.persistence.LogLineRepository;
import dev.slipway.kit.AccessGuard;
import dev.slipway.kit.AppRef;
import dev.slipway.kit.HerokuError;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.time.Instant;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * {@code heroku logs}: a log session names the app's log with its filters; its {@code logplex_url}
 * is the stream the CLI then reads with EventSource (see {@link LogStreamRoute}).
 */
@Path("/apps/{app}/log-sessions")
@Produces(MediaType.APPLICATION_JSON)
public class LogSessionResource {
    static final int DEFAULT_LINES = 100;
    /** A dyno name ({@code web.1}, {@code run.1234}, {@code router}, {@code api}) or a process type. */
    private static final Pattern DYNO = Pattern.compile("^[-\\w.]{1,140}$");

    private final AccessGuard guard;
    private final LogSessions sessions;
    private final DynoSettings settings;
    private final ObjectMapper json;

    LogSessionResource(AccessGuard guard, LogSessions sessions, DynoSettings settings, ObjectMapper json) {
        this.guard = guard;
        this.sessions = sessions;
        this.settings = settings;
        this.json = json;
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record LogSessionView(UUID id, String logplexUrl, Instant createdAt, Instant updatedAt) {}

    @POST
    @Consumes(MediaType.WILDCARD)
    public Response create(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth, @PathParam("app") String appName,
                           byte[] text) {
        AppRef app = guard.authorize(auth, appName);
        JsonNode body = parse(text);
        String dyno = optionalText(body, "dyno");
        if (dyno != null && !DYNO.matcher(dyno).matches()) {
            throw HerokuError.invalidParams("dyno must be a dyno name (web.1) or a process type (web).");
        }
        String source = optionalText(body, "source");
        if (source != null && !source.equals("app") && !source.equals("heroku")) {
            throw HerokuError.invalidParams("source must be app or heroku.");
        }
        JsonNode lines = body.get("lines");
        int count = DEFAULT_LINES;
        if (lines != null && !lines.isNull()) {
            if (!lines.canConvertToInt() || !lines.isIntegralNumber() || lines.asInt() < 0) {
                throw HerokuError.invalidParams("lines must be a number of lines from 0 to "
                        + LogLineRepository.KEPT_PER_APP + ".");
            }
            // Heroku keeps 1,500 lines: asking for more gets what there is
            count = Math.min(lines.asInt(), LogLineRepository.KEPT_PER_APP);
        }
        JsonNode tail = body.get("tail");
        if (tail != null && !tail.isNull() && !tail.isBoolean()) {
            throw HerokuError.invalidParams("tail must be true or false.");
        }
        LogSessions.LogSession s = sessions.create(app.id(), new LogFilter(dyno, source), count,
                tail != null && tail.asBoolean());
        String url = settings.publicBaseUrl() + LogStreamRoute.PATH_PREFIX + s.token();
        return Response.status(201).entity(new LogSessionView(s.id(), url, s.createdAt(), s.createdAt())).build();
    }

    private static String optionalText(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull() || value.isTextual() && value.asText().isEmpty()) {
            return null;
        }
        if (!value.isTextual()) {
            throw HerokuError.invalidParams(field + " must be a string.");
        }
        return value.asText();
    }

    private JsonNode parse(byte[] text) {
        if (text == null || text.length == 0) {
            return json.createObjectNode();
        }
        try {
            JsonNode body = json.readTree(text);
            if (body == null || !body.isObject()) {
                throw HerokuError.badRequest("Expected a JSON object, e.g. {\"lines\": 100, \"tail\": false}.");
            }
            return body;
        } catch (IOException e) {
            throw HerokuError.badRequest("The request body is not valid JSON.");
        }
    }
}
