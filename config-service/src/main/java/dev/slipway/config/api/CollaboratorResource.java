package dev.slipway.config.api;

import dev.slipway.config.domain.AccountService;
import dev.slipway.config.domain.App;
import dev.slipway.config.domain.AppService;
import dev.slipway.config.domain.CollaboratorService;
import dev.slipway.kit.Caller;
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
import java.util.ArrayList;
import java.util.List;

@Path("/apps/{app}/collaborators")
@Produces(MediaType.APPLICATION_JSON)
public class CollaboratorResource {
    static final RangedList<CollaboratorView> RANGES = RangedList.of(
            RangedList.text("email", c -> c.user().email()), RangedList.text("id", c -> c.id().toString()));

    private final AccountService accounts;
    private final AppService apps;
    private final CollaboratorService collaborators;
    private final JsonBodies bodies;

    CollaboratorResource(AccountService accounts, AppService apps, CollaboratorService collaborators, JsonBodies bodies) {
        this.accounts = accounts;
        this.apps = apps;
        this.collaborators = collaborators;
        this.bodies = bodies;
    }

    /** The owner and every collaborator. */
    @GET
    public Response list(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @PathParam("app") String app,
                         @HeaderParam("Range") String range) {
        var listing = collaborators.list(accounts.authenticate(authorization), app);
        List<CollaboratorView> views = new ArrayList<>();
        views.add(CollaboratorView.owner(listing.app()));
        listing.collaborators().forEach(c -> views.add(CollaboratorView.of(c, listing.app())));
        return RANGES.respond(range, views, v -> v);
    }

    @GET
    @Path("{who}")
    public CollaboratorView get(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                @PathParam("app") String app, @PathParam("who") String who) {
        Caller caller = accounts.authenticate(authorization);
        App found = apps.get(caller, app);
        if (who.equalsIgnoreCase(found.ownerEmail()) || who.equalsIgnoreCase(found.ownerId().toString())) {
            return CollaboratorView.owner(found);
        }
        return CollaboratorView.of(collaborators.get(caller, app, who), found);
    }

    /** {@code {"user": "email or account id"}}; Heroku's {@code silent} is accepted and ignored (no mail is sent). */
    @POST
    public Response add(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @PathParam("app") String app,
                        String body) {
        Caller caller = accounts.authenticate(authorization);
        String user = JsonBodies.optionalString(bodies.object(body), "user");
        var added = collaborators.add(caller, app, user);
        return Response.status(201).entity(CollaboratorView.of(added, apps.get(caller, app))).build();
    }

    @DELETE
    @Path("{who}")
    public CollaboratorView remove(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                   @PathParam("app") String app, @PathParam("who") String who) {
        Caller caller = accounts.authenticate(authorization);
        App found = apps.get(caller, app);
        return CollaboratorView.of(collaborators.remove(caller, app, who), found);
    }
}
