package dev.slipway.builder.api;

import dev.slipway.builder.config.BuilderSettings;
import dev.slipway.kit.HerokuError;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.nio.file.Files;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Slug download for dyno-manager and release-service. Internal: no auth (the router refuses
 * /internal/ paths), and the id is the slug's sha256, so a caller must already know the slug.
 */
@Path("/internal/slugs")
public class SlugResource {
    private static final Pattern SHA256 = Pattern.compile("^[0-9a-fA-F]{64}$");

    private final BuilderSettings settings;

    SlugResource(BuilderSettings settings) {
        this.settings = settings;
    }

    @GET
    @Path("{id}")
    public Response get(@PathParam("id") String id) {
        if (!SHA256.matcher(id).matches()) {
            throw HerokuError.badRequest("A slug id is 64 hex characters (its sha256).");
        }
        java.nio.file.Path file = settings.slugs().resolve(id.toLowerCase(Locale.ROOT) + ".tgz");
        if (!Files.isRegularFile(file)) {
            throw HerokuError.notFound("Couldn't find that slug.");
        }
        return Response.ok(file.toFile(), "application/gzip").build();
    }
}
