package dev.slipway.addon.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.slipway.addon.api.AddonView.Price;
import dev.slipway.addon.api.AddonView.ServiceRef;
import dev.slipway.addon.domain.AddonCatalog;
import dev.slipway.addon.domain.Plan;
import java.time.Instant;
import java.util.UUID;

/** Heroku's add-on service and plan resources, for {@code heroku addons:services} and {@code addons:plans}. */
final class CatalogViews {
    /** When Slipway's catalog first existed: Heroku's catalog entries carry dates too. */
    private static final Instant SINCE = Instant.parse("2026-12-05T00:00:00Z");

    private CatalogViews() {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record ServiceView(UUID id, String name, String humanName, String cliPluginName, Instant createdAt, Instant updatedAt,
                       String state, boolean supportsMultipleInstallations, boolean supportsSharing) {
        static ServiceView of(String service) {
            return new ServiceView(AddonCatalog.serviceId(service), service, AddonCatalog.POSTGRES_HUMAN_NAME, null, SINCE,
                    SINCE, "ga", true, false);
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record PlanView(UUID id, String name, String humanName, String description,
                    @JsonProperty("default") boolean isDefault, Price price,
                    String state, ServiceRef addonService, Object compliance, boolean installableInsidePrivateNetwork,
                    boolean installableOutsidePrivateNetwork, boolean spaceDefault, boolean visible, Instant createdAt,
                    Instant updatedAt) {
        static PlanView of(Plan p) {
            return new PlanView(p.id(), p.name(), p.humanName(), AddonCatalog.POSTGRES_HUMAN_NAME + " " + p.humanName()
                    + ": a PostgreSQL 17 database, " + p.connectionLimit() + " connections", p.isDefault(), Price.FREE,
                    "public", ServiceRef.of(p.service()), null, false, true, false, true, SINCE, SINCE);
        }
    }
}
