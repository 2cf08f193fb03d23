package dev.slipway.config.api;

import dev.slipway.config.config.PublicUrls;
import dev.slipway.config.domain.AccountService;
import dev.slipway.config.domain.AppService;
import dev.slipway.kit.Caller;
import dev.slipway.kit.HerokuError;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code GET /users/~/apps}, what {@code heroku apps} asks: the apps the caller owns or collaborates
 * on, admins included (an admin sees every app with {@code heroku apps --all}, i.e. {@code GET /apps}).
 * A user is {@code ~}, the caller's id or email; asking for another account's apps is 403.
 */
@Path("/users/{user}/apps")
@Produces(MediaType.APPLICATION_JSON)
public class UserAppsResource {
    private final AccountService accounts;
    private final AppService apps;
    private final PublicUrls urls;

    UserAppsResource(AccountService accounts, AppService apps, PublicUrls urls) {
        this.accounts = accounts;
        this.apps = apps;
        this.urls = urls;
    }

    @GET
    public Response list(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @PathParam("user") String user,
                         @HeaderParam("Range") String range) {
        Caller caller = accounts.authenticate(authorization);
        if (!user.equals("~") && !user.equalsIgnoreCase(caller.email()) && !user.equals(caller.accountId().toString())) {
            throw HerokuError.forbidden("You can only list your own apps.");
        }
        return AppResource.RANGES.respond(range, apps.listOwnedOrShared(caller), a -> AppView.of(a, urls));
    }
}
