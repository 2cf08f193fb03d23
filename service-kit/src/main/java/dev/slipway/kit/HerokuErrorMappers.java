package dev.slipway.kit;

import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every failed request answers in Heroku's error shape; nothing answers with a stack trace. */
public class HerokuErrorMappers {
    private static final Logger LOG = Logger.getLogger(HerokuErrorMappers.class);

    @ServerExceptionMapper
    public Response heroku(HerokuError e) {
        return respond(e);
    }

    @ServerExceptionMapper
    public Response badJson(JsonProcessingException e) {
        return respond(HerokuError.badRequest("Invalid JSON in the request body: " + e.getOriginalMessage()));
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        String id = switch (status) {
            case 400 -> "bad_request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 406 -> "not_acceptable";
            case 415 -> "unsupported_media_type";
            default -> status >= 500 ? "internal_server_error" : "bad_request";
        };
        String message = switch (status) {
            case 404 -> "The requested API endpoint was not found.";
            case 405 -> "The requested API endpoint does not support this method.";
            case 415 -> "The request body must be JSON (Content-Type: application/json).";
            default -> e.getMessage();
        };
        return respond(new HerokuError(status, id, message));
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        LOG.error("unexpected error", e);
        return respond(new HerokuError(500, "internal_server_error", "Internal server error."));
    }

    private static Response respond(HerokuError e) {
        Response.ResponseBuilder response = Response.status(e.status()).type(MediaType.APPLICATION_JSON_TYPE).entity(e.body());
        if (e.status() == 401) {
            response.header("WWW-Authenticate", "Bearer realm=\"Slipway\"");
        }
        return response.build();
    }
}
