package dev.slipway.builder.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.slipway.builder.domain.BuildpackAliases;
import dev.slipway.kit.HerokuError;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * The part of Heroku's buildpack registry API that the heroku CLI asks when a user names a
 * buildpack ({@code heroku buildpacks:set heroku/nodejs}): does it exist, and at which URL. Point
 * the CLI here with {@code HEROKU_BUILDPACK_REGISTRY_URL}. Public, as Heroku's is: it names
 * only the built-in buildpacks.
 */
@Path("/buildpacks")
@Produces(MediaType.APPLICATION_JSON)
public class BuildpackRegistryResource {

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record RegistryBuildpack(String name, String namespace, String blobUrl, String description) {}

    /** {@code slug} is {@code namespace/name}, URL-encoded by the CLI as one segment or not. */
    @GET
    @Path("{slug: .+}")
    public RegistryBuildpack get(@PathParam("slug") String slug) {
        String name = URLDecoder.decode(slug, StandardCharsets.UTF_8);
        if (BuildpackAliases.builtin(name).isEmpty()) {
            throw HerokuError.notFound(name + " is not in Slipway's buildpack registry: it has "
                    + BuildpackAliases.known() + " built in; any other buildpack is set by its git URL.");
        }
        return new RegistryBuildpack(name, name.substring(0, name.indexOf('/')),
                BuildpackAliases.REGISTRY_BLOB.formatted(name), "Built into Slipway");
    }
}
