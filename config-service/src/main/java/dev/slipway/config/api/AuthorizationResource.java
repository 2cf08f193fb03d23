package dev.slipway.config.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.config.domain.AccountService;
import dev.slipway.config.domain.AuthorizationService;
import dev.slipway.kit.Caller;
import dev.slipway.kit.HerokuError;
import dev.slipway.kit.RangedList;
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

/** {@code heroku authorizations:*}: the caller's own API keys. */
@Path("/oauth/authorizations")
@Produces(MediaType.APPLICATION_JSON)
public class AuthorizationResource {
    static final RangedList<AuthorizationView> RANGES = RangedList.of(RangedList.text("id", a -> a.id().toString()));

    private final AccountService accounts;
    private final AuthorizationService authorizations;
    private final JsonBodies bodies;

    AuthorizationResource(AccountService accounts, AuthorizationService authorizations, JsonBodies bodies) {
        this.accounts = accounts;
        this.authorizations = authorizations;
        this.bodies = bodies;
    }

    /**
     * {@code {"description"?, "expires_in"?: seconds, "scope"?: ["global"]}} → 201 with the new key
     * in {@code access_token.token}, shown this once. Only the {@code global} scope exists.
     */
    @POST
    public Response create(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, String body) {
        Caller caller = accounts.authenticate(authorization);
        ObjectNode json = bodies.object(body);
        requireGlobalScope(json.get("scope"));
        var created = authorizations.create(caller, JsonBodies.optionalString(json, "description"),
                optionalSeconds(json.get("expires_in")));
        return Response.status(201).entity(AuthorizationView.of(created.authorization(), created.apiKey())).build();
    }

    @GET
    public Response list(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                         @HeaderParam("Range") String range) {
        Caller caller = accounts.authenticate(authorization);
        return RANGES.respond(range, authorizations.list(caller).stream().map(a -> AuthorizationView.of(a, null)).toList(),
                v -> v);
    }

    @GET
    @Path("{id}")
    public AuthorizationView get(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                 @PathParam("id") String id) {
        return AuthorizationView.of(authorizations.get(accounts.authenticate(authorization), id), null);
    }

    /** Revokes the key: refused here at once, and by every other service once it has read {@code ApiKeyRevoked}. */
    @DELETE
    @Path("{id}")
    public AuthorizationView revoke(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                    @PathParam("id") String id) {
        return AuthorizationView.of(authorizations.revoke(accounts.authenticate(authorization), id), null);
    }

    private static Long optionalSeconds(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isIntegralNumber()) {
            return value.longValue();
        }
        if (value.isTextual() && value.textValue().matches("\\d{1,12}")) {
            return Long.parseLong(value.textValue());
        }
        throw HerokuError.invalidParams("The field expires_in must be a number of seconds.");
    }

    private static void requireGlobalScope(JsonNode scope) {
        if (scope == null || scope.isNull()) {
            return;
        }
        if (!scope.isArray()) {
            throw HerokuError.invalidParams("The field scope must be an array.");
        }
        for (JsonNode s : scope) {
            if (!s.isTextual() || !s.textValue().equals("global")) {
                throw HerokuError.invalidParams("Slipway keys have the global scope only; unknown scope: " + s);
            }
        }
    }
}
