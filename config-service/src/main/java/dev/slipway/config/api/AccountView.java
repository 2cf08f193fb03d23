package dev.slipway.config.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.slipway.config.domain.Account;
import java.time.Instant;
import java.util.UUID;

/** Heroku's account resource; Slipway accounts have no name, tracking, SMS or 2FA. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AccountView(UUID id, String email, String name, Instant createdAt, Instant updatedAt,
                          boolean allowTracking, boolean beta, boolean federated, Object identityProvider,
                          Instant lastLogin, String smsNumber, Instant suspendedAt, Instant delinquentAt,
                          boolean twoFactorAuthentication, boolean verified, Object defaultOrganization,
                          Object defaultTeam, boolean admin) {

    static AccountView of(Account a) {
        return new AccountView(a.id(), a.email(), null, AppView.seconds(a.createdAt()), AppView.seconds(a.updatedAt()),
                false, false, false, null, null, null, null, null, false, true, null, null, a.admin());
    }
}
