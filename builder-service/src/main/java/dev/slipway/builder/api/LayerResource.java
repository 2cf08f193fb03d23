package dev.slipway.builder.api;

import dev.slipway.builder.config.BuilderSettings;
import dev.slipway.builder.domain.LayerStore;
import dev.slipway.kit.HerokuError;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.util.Locale;

/**
 * Runtime layer download for dyno-manager. Internal, as slugs are: no auth (the router refuses
 * /internal/ paths), and the id is the layer's sha256, so a caller must already know the layer.
 */
@Path("/internal/layers")
public class LayerResource {
    private final LayerStore layers;

    LayerResource(BuilderSettings settings) {
        this.layers = new LayerStore(settings.layers());
    }

    @GET
    @Path("{id}")
    public Response get(@PathParam("id") String id) {
        String lower = id.toLowerCase(Locale.ROOT);
        if (!lower.matches("^[0-9a-f]{64}$")) {
            throw HerokuError.badRequest("A layer id is 64 hex characters (its sha256).");
        }
        java.nio.file.Path file = layers.file(lower);
        if (file == null) {
            throw HerokuError.notFound("Couldn't find that layer.");
        }
        return Response.ok(file.toFile(), "application/x-tar").build();
    }
}
