package dev.slipway.builder.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.slipway.builder.domain.Build;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/** Heroku Platform API v3's build resource. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record BuildView(AppId app, List<BuildpackView> buildpacks, String createdAt, UUID id,
                        String outputStreamUrl, SourceBlob sourceBlob, Object release, SlugId slug, String stack,
                        String status, String updatedAt, User user, String failureReason) {

    public record AppId(UUID id) {}

    public record BuildpackView(String url, String name) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record SourceBlob(String checksum, String url, String version, String versionDescription) {}

    public record SlugId(String id) {}

    public record User(UUID id, String email) {}

    static BuildView of(Build b, String outputStreamUrl) {
        return new BuildView(new AppId(b.appId()),
                b.buildpacks().stream().map(p -> new BuildpackView(p, p)).toList(),
                b.createdAt().truncatedTo(ChronoUnit.SECONDS).toString(), b.id(), outputStreamUrl,
                new SourceBlob(null, b.sourceUrl(), b.commit(), null), null,
                b.slugId() == null ? null : new SlugId(b.slugId()), "slipway", b.status(),
                b.updatedAt().truncatedTo(ChronoUnit.SECONDS).toString(), new User(b.userId(), b.userEmail()), b.failureReason());
    }
}
