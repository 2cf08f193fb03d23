package dev.slipway.addon.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.slipway.addon.domain.DatabaseDetails;
import dev.slipway.kit.AccessGuard;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.HttpHeaders;
import java.net.URI;
import java.util.List;
import java.util.UUID;

/**
 * Heroku Postgres' credentials ({@code pg:credentials:url}, which sends the key as Basic auth's
 * password): {@code GET /postgres/v0/databases/{addon}/credentials/{name}}. Slipway has one
 * credential per database, {@code default}.
 */
@Path("/postgres/v0/databases/{addon}/credentials/{name}")
public class CredentialResource {
    private final AccessGuard guard;
    private final DatabaseDetails details;

    CredentialResource(AccessGuard guard, DatabaseDetails details) {
        this.guard = guard;
        this.details = details;
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record CredentialView(UUID uuid, String name, String state, String database, String host, int port,
                                 List<Role> credentials) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Role(String user, String password, String state, int connections) {}

    @GET
    public CredentialView credential(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                     @PathParam("addon") String addon, @PathParam("name") String name) {
        DatabaseDetails.Credential c = details.credential(guard.authenticate(authorization), addon, name);
        URI url = URI.create(c.url());
        return new CredentialView(c.addon().id(), "default", "active", c.user(), url.getHost(), url.getPort(),
                List.of(new Role(c.user(), c.password(), "active", 0)));
    }
}
