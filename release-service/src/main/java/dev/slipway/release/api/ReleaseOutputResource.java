package dev.slipway.release.api;

import dev.slipway.kit.HerokuError;
import dev.slipway.release.domain.Release;
import dev.slipway.release.domain.ReleaseService;
import dev.slipway.release.persistence.ReleaseOutputRepository;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * A release's output_stream_url: the release command's output as plain text. The token is the
 * capability (the heroku CLI's {@code releases:output} fetches the URL without a key, as Heroku's
 * stream works). While the release phase runs the response stays open and lines are written as
 * they are stored; it ends when the phase does.
 */
@Path("/release-outputs/{token}")
public class ReleaseOutputResource {
    /** The release phase's own limit is dyno-manager's (1 h by default); a reader waits a little longer at most. */
    private static final Duration FOLLOW = Duration.ofMinutes(65);
    private static final long POLL_MILLIS = 250;
    private static final int PAGE = 500;

    private final ReleaseService releases;

    ReleaseOutputResource(ReleaseService releases) {
        this.releases = releases;
    }

    /** Whatever the client accepts (the CLI's stream sends no Accept; an API client sends Heroku's JSON type). */
    @GET
    public Response output(@PathParam("token") String token) {
        Release release = token == null || token.length() > 64 ? null : releases.byOutputToken(token).orElse(null);
        if (release == null) {
            throw HerokuError.notFound("Couldn't find that release output.");
        }
        StreamingOutput stream = out -> follow(release.id(), out);
        return Response.ok(stream, MediaType.TEXT_PLAIN_TYPE.withCharset("utf-8")).build();
    }

    private void follow(UUID releaseId, OutputStream out) throws IOException {
        long deadline = System.nanoTime() + FOLLOW.toNanos();
        int seen = -1;
        boolean ended = false;
        while (true) {
            List<ReleaseOutputRepository.Line> lines = releases.outputAfter(releaseId, seen, PAGE);
            for (ReleaseOutputRepository.Line line : lines) {
                out.write((line.text() + "\n").getBytes(StandardCharsets.UTF_8));
                seen = line.seq();
            }
            out.flush();
            if (!lines.isEmpty()) {
                continue;
            }
            if (ended || System.nanoTime() > deadline) {
                return;
            }
            // lines stored just before the end are read by one more pass
            ended = releases.byId(releaseId).map(r -> !Release.PENDING.equals(r.status())).orElse(true);
            if (!ended) {
                try {
                    Thread.sleep(POLL_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
