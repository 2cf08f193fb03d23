package dev.slipway.config.api;

import dev.slipway.config.config.PublicUrls;
import dev.slipway.config.domain.AccountService;
import dev.slipway.config.domain.App;
import dev.slipway.config.domain.AppService;
import dev.slipway.config.domain.CustomDomain;
import dev.slipway.config.domain.DomainService;
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

@Path("/apps/{app}/domains")
@Produces(MediaType.APPLICATION_JSON)
public class DomainResource {
    static final RangedList<DomainView> RANGES = RangedList.of(RangedList.text("hostname", DomainView::hostname),
            RangedList.text("id", d -> d.id().toString()));
    private final AccountService accounts;
    private final AppService apps;
    private final DomainService domains;
    private final JsonBodies bodies;
    private final PublicUrls urls;

    DomainResource(AccountService accounts, AppService apps, DomainService domains, JsonBodies bodies, PublicUrls urls) {
        this.accounts = accounts;
        this.apps = apps;
        this.domains = domains;
        this.bodies = bodies;
        this.urls = urls;
    }

    /** The default domain and the custom ones, ordered by hostname unless the Range header says otherwise. */
    @GET
    public Response list(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @PathParam("app") String app,
                         @HeaderParam("Range") String range) {
        Caller caller = accounts.authenticate(authorization);
        App found = apps.get(caller, app);
        List<DomainView> views = new ArrayList<>();
        views.add(DomainView.heroku(found, urls));
        for (CustomDomain d : domains.list(caller, found.id().toString())) {
            views.add(DomainView.custom(d, found, urls));
        }
        return RANGES.respond(range, views, v -> v);
    }

    /** {@code {"hostname": "www.example.com"}}; Heroku's {@code sni_endpoint} is accepted and ignored. */
    @POST
    public Response add(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @PathParam("app") String app,
                        String body) {
        Caller caller = accounts.authenticate(authorization);
        apps.get(caller, app); // who may touch the app is answered before what is wrong with the body
        String hostname = JsonBodies.optionalString(bodies.object(body), "hostname");
        CustomDomain added = domains.add(caller, app, hostname);
        return Response.status(201).entity(DomainView.custom(added, apps.get(caller, app), urls)).build();
    }

    @GET
    @Path("{hostname}")
    public DomainView get(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @PathParam("app") String app,
                          @PathParam("hostname") String hostname) {
        Caller caller = accounts.authenticate(authorization);
        App found = apps.get(caller, app);
        if (urls.defaultHostname(found.name()).equalsIgnoreCase(hostname)) {
            return DomainView.heroku(found, urls);
        }
        return DomainView.custom(domains.get(caller, app, hostname), found, urls);
    }

    @DELETE
    @Path("{hostname}")
    public DomainView remove(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @PathParam("app") String app,
                             @PathParam("hostname") String hostname) {
        Caller caller = accounts.authenticate(authorization);
        App found = apps.get(caller, app);
        if (urls.defaultHostname(found.name()).equalsIgnoreCase(hostname)) {
            throw dev.slipway.kit.HerokuError.invalidParams("The app's default domain cannot be removed.");
        }
        return DomainView.custom(domains.remove(caller, app, hostname), found, urls);
    }
}
