package dev.slipway.addon.api;

import dev.slipway.addon.domain.AddonService;
import dev.slipway.addon.domain.Attachment;
import dev.slipway.kit.AccessGuard;
import dev.slipway.kit.RangedList;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/** Add-on attachments: of one app, and of every app the caller may use ({@code heroku addons} reads the latter). */
@Path("/")
public class AttachmentResource {
    static final RangedList<Attachment> ATTACHMENTS = RangedList.of(
            RangedList.text("id", a -> a.id().toString()), RangedList.text("name", Attachment::name));

    private final AccessGuard guard;
    private final AddonService addons;

    AttachmentResource(AccessGuard guard, AddonService addons) {
        this.guard = guard;
        this.addons = addons;
    }

    @GET
    @Path("apps/{app}/addon-attachments")
    public Response ofApp(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                          @HeaderParam("Range") String range, @PathParam("app") String appName) {
        return ATTACHMENTS.respond(range, addons.attachments(guard.authorize(authorization, appName)), AttachmentView::of);
    }

    @GET
    @Path("addon-attachments")
    public Response all(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @HeaderParam("Range") String range) {
        return ATTACHMENTS.respond(range, addons.attachmentsVisibleTo(guard.authenticate(authorization)), AttachmentView::of);
    }
}
