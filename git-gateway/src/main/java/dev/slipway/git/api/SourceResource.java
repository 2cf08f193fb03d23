package dev.slipway.git.api;

import dev.slipway.git.domain.SourceArchives;
import dev.slipway.kit.HerokuError;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import java.io.File;
import java.util.UUID;

/** The pushed tree of one push, for the builder (internal; the router refuses /internal/). */
@Path("/internal/pushes/{pushId}/source")
public class SourceResource {
    private final SourceArchives archives;

    SourceResource(SourceArchives archives) {
        this.archives = archives;
    }

    @GET
    @Produces("application/gzip")
    public File source(@PathParam("pushId") String pushId) {
        UUID id;
        try {
            id = UUID.fromString(pushId);
        } catch (IllegalArgumentException e) {
            throw HerokuError.notFound("No such push.");
        }
        return archives.find(id).orElseThrow(() -> HerokuError.notFound("No such push.")).toFile();
    }
}
