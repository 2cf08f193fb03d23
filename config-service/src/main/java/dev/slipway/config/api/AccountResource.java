package dev.slipway.config.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.config.domain.AccountService;
import dev.slipway.kit.Caller;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;

/** The caller's account, and the admin-only way to make accounts and keys (Slipway has no sign-up). */
@Produces(MediaType.APPLICATION_JSON)
@Path("/")
public class AccountResource {
    private final AccountService accounts;
    private final JsonBodies bodies;

    AccountResource(AccountService accounts, JsonBodies bodies) {
        this.accounts = accounts;
        this.bodies = bodies;
    }

    @GET
    @Path("account")
    public AccountView account(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return AccountView.of(accounts.account(accounts.authenticate(authorization)));
    }

    /** Slipway has no account features (labs): an honest empty list, so {@code heroku labs} prints. */
    @GET
    @Path("account/features")
    public List<Object> features(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        accounts.authenticate(authorization);
        return List.of();
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record IssuedKeyView(UUID id, String email, boolean admin, String apiKey) {}

    /** {@code {"email": ..., "admin"?: false}} → the account and a new key, shown this once only. */
    @POST
    @Path("admin/accounts")
    public Response createAccount(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, String body) {
        Caller caller = accounts.authenticate(authorization);
        ObjectNode json = bodies.object(body);
        Boolean admin = JsonBodies.optionalBoolean(json, "admin");
        var issued = accounts.issueKey(caller, JsonBodies.optionalString(json, "email"), admin != null && admin);
        return Response.status(201).entity(new IssuedKeyView(issued.account().id(), issued.account().email(),
                issued.account().admin(), issued.apiKey())).build();
    }
}
