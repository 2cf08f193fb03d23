package dev.slipway.config.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.slipway.config.domain.Authorization;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Heroku's OAuth authorization. Slipway keeps only a key's hash, so {@code access_token.token} is
 * the key only in the answer that made it, and null afterwards; every key has the {@code global} scope.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AuthorizationView(AccessToken accessToken, Object client, Instant createdAt, String description,
                                Object grant, UUID id, Object refreshToken, List<String> scope, Instant updatedAt,
                                User user) {

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record AccessToken(Long expiresIn, UUID id, String token) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record User(UUID id, String email, String fullName) {}

    static AuthorizationView of(Authorization a, String key) {
        Long expiresIn = a.expiresAt() == null ? null
                : Math.max(0, Duration.between(Instant.now(), a.expiresAt()).toSeconds());
        return new AuthorizationView(new AccessToken(expiresIn, a.id(), key), null, AppView.seconds(a.createdAt()),
                a.description(), null, a.id(), null, List.of("global"), AppView.seconds(a.updatedAt()),
                new User(a.accountId(), a.email(), null));
    }
}
