package dev.slipway.addon.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.addon.domain.AddonService;
import dev.slipway.kit.AccessGuard;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * Heroku's resolvers: how the heroku CLI turns what a user typed into add-ons
 * ({@code POST /actions/addons/resolve} {@code {"addon": "DATABASE", "app": "myapp"}}, for
 * {@code addons:info}, {@code addons:destroy}) or attachments
 * ({@code POST /actions/addon-attachments/resolve} {@code {"addon_attachment": "DATABASE", "app": "myapp"}},
 * for every {@code pg:*} command). Each answers the list of matches; none is 404 {@code not_found}.
 */
@Path("/actions")
public class ResolveResource {
    private final AccessGuard guard;
    private final AddonService addons;

    ResolveResource(AccessGuard guard, AddonService addons) {
        this.guard = guard;
        this.addons = addons;
    }

    @POST
    @Path("addons/resolve")
    @Consumes(MediaType.WILDCARD)
    public List<AddonView> resolve(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, byte[] text) {
        var caller = guard.authenticate(authorization);
        JsonNode body = JsonBody.object(text);
        return addons.resolve(caller, JsonBody.text(body, "addon"), JsonBody.text(body, "app")).stream()
                .map(AddonView::of).toList();
    }

    @POST
    @Path("addon-attachments/resolve")
    @Consumes(MediaType.WILDCARD)
    public List<AttachmentView> resolveAttachment(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                                  byte[] text) {
        var caller = guard.authenticate(authorization);
        JsonNode body = JsonBody.object(text);
        return addons.resolveAttachments(caller, JsonBody.text(body, "addon_attachment"), JsonBody.text(body, "app"))
                .stream().map(AttachmentView::of).toList();
    }
}
