package dev.slipway.addon.api;

import dev.slipway.addon.domain.Addon;
import dev.slipway.addon.domain.AddonService;
import dev.slipway.kit.AccessGuard;
import dev.slipway.kit.Caller;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/** Add-ons across the caller's apps: {@code heroku addons} without an app, and {@code addons:info}. */
@Path("/addons")
public class AddonResource {
    private final AccessGuard guard;
    private final AddonService addons;

    AddonResource(AccessGuard guard, AddonService addons) {
        this.guard = guard;
        this.addons = addons;
    }

    @GET
    public Response list(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @HeaderParam("Range") String range) {
        Caller caller = guard.authenticate(authorization);
        return AppAddonResource.ADDONS.respond(range, addons.visibleTo(caller), AddonView::of);
    }

    @GET
    @Path("/{addon}")
    public AddonView info(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @PathParam("addon") String addon) {
        return AddonView.of(addons.visible(guard.authenticate(authorization), addon));
    }

    @GET
    @Path("/{addon}/addon-attachments")
    public Response attachments(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                @HeaderParam("Range") String range, @PathParam("addon") String addon) {
        Addon found = addons.visible(guard.authenticate(authorization), addon);
        return AttachmentResource.ATTACHMENTS.respond(range, found.attachments(), AttachmentView::of);
    }
}
