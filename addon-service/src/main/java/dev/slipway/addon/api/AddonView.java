package dev.slipway.addon.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.slipway.addon.domain.Addon;
import dev.slipway.addon.domain.AddonCatalog;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Heroku Platform API's add-on resource. Slipway bills nothing: prices are 0 cents a month, which
 * the heroku CLI prints as "free". {@code plan.price} is always there (Heroku adds it on
 * {@code Accept-Expansion: plan}, which the CLI sends).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AddonView(List<Object> actions, ServiceRef addonService, BillingEntity billingEntity, AppRef app,
                        Price billedPrice, List<String> configVars, Instant createdAt, UUID id, String name, PlanRef plan,
                        String providerId, String provisionMessage, String state, Instant updatedAt, String webUrl) {

    public static AddonView of(Addon a) {
        return new AddonView(List.of(), ServiceRef.of(a.plan().service()), new BillingEntity(a.appId(), a.appName(), "app"),
                new AppRef(a.appId(), a.appName()), Price.FREE, a.configVars(), a.createdAt(), a.id(), a.name(),
                new PlanRef(a.plan().id(), a.plan().name(), Price.FREE), a.providerId(), null, a.state().heroku(),
                a.updatedAt(), null);
    }

    public record ServiceRef(UUID id, String name) {
        static ServiceRef of(String service) {
            return new ServiceRef(AddonCatalog.serviceId(service), service);
        }
    }

    public record BillingEntity(UUID id, String name, String type) {}

    public record AppRef(UUID id, String name) {}

    public record PlanRef(UUID id, String name, Price price) {}

    public record Price(int cents, boolean contract, boolean metered, String unit) {
        static final Price FREE = new Price(0, false, false, "month");
    }
}
