package dev.slipway.builder.api;

import dev.slipway.builder.config.BuilderSettings;
import dev.slipway.builder.domain.Build;
import dev.slipway.builder.persistence.BuildRepository;
import dev.slipway.kit.AccessGuard;
import dev.slipway.kit.AppRef;
import dev.slipway.kit.Db;
import dev.slipway.kit.HerokuError;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/** Builds of an app, and each build's output. */
@Path("/apps/{app}/builds")
@Produces(MediaType.APPLICATION_JSON)
public class BuildResource {
    /** How long an output stream follows a running build before it lets go. */
    private static final long FOLLOW_MILLIS = 20 * 60 * 1000;

    static final String PRUNED = "This build's output is no longer kept: only the output of an app's newest "
            + "builds is.\n";

    private final AccessGuard guard;
    private final Db db;
    private final BuilderSettings settings;

    BuildResource(AccessGuard guard, Db db, BuilderSettings settings) {
        this.guard = guard;
        this.db = db;
        this.settings = settings;
    }

    @GET
    public List<BuildView> list(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth, @PathParam("app") String app) {
        AppRef ref = guard.authorize(auth, app);
        return db.read(c -> BuildRepository.list(c, ref.id())).stream()
                .map(b -> BuildView.of(b, settings.outputStreamUrl(ref.name(), b.id()))).toList();
    }

    @GET
    @Path("{id}")
    public BuildView get(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth, @PathParam("app") String app,
                         @PathParam("id") String id) {
        AppRef ref = guard.authorize(auth, app);
        Build build = find(ref, id);
        return BuildView.of(build, settings.outputStreamUrl(ref.name(), build.id()));
    }

    /**
     * The output as plain text. While the build runs the response stays open and new lines are
     * written as they are stored, like Heroku's output_stream_url; it ends when the build does.
     */
    @GET
    @Path("{id}/output")
    @Produces(MediaType.TEXT_PLAIN)
    public StreamingOutput output(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth, @PathParam("app") String app,
                                  @PathParam("id") String id) {
        AppRef ref = guard.authorize(auth, app);
        Build build = find(ref, id);
        return out -> follow(build.id(), out);
    }

    private void follow(UUID buildId, OutputStream out) throws java.io.IOException {
        if (db.read(c -> BuildRepository.outputPruned(c, buildId))) {
            out.write(PRUNED.getBytes(StandardCharsets.UTF_8));
            return;
        }
        long seen = 0;
        long deadline = System.currentTimeMillis() + FOLLOW_MILLIS;
        while (true) {
            long after = seen;
            List<String> lines = db.read(c -> BuildRepository.lines(c, buildId, after));
            for (String line : lines) {
                out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            }
            seen += lines.size();
            out.flush();
            if (lines.isEmpty()) {
                boolean pending = Build.PENDING.equals(db.read(c -> BuildRepository.find(c, buildId)).status());
                if (!pending) {
                    // lines stored just before the end are read on the next pass
                    if (db.read(c -> BuildRepository.lines(c, buildId, after)).isEmpty()) {
                        return;
                    }
                    continue;
                }
                if (System.currentTimeMillis() > deadline) {
                    return;
                }
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private Build find(AppRef app, String id) {
        UUID buildId;
        try {
            buildId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw HerokuError.notFound("Couldn't find that build.");
        }
        Build build = db.read(c -> BuildRepository.find(c, app.id(), buildId));
        if (build == null) {
            throw HerokuError.notFound("Couldn't find that build.");
        }
        return build;
    }
}
