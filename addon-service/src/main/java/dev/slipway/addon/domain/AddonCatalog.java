package dev.slipway.addon.domain;

import dev.slipway.kit.HerokuError;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The add-on services Slipway provides and their plans: Heroku Postgres only. Heroku's current
 * plan names are accepted ({@code essential-0} is the default); the retired ones
 * ({@code hobby-dev}, {@code mini}) are unknown plans, as on Heroku today.
 */
public final class AddonCatalog {
    public static final String POSTGRES = "heroku-postgresql";
    public static final String POSTGRES_HUMAN_NAME = "Heroku Postgres";
    public static final List<Plan> PLANS = List.of(
            new Plan(POSTGRES, "essential-0", "Essential 0", 20, true),
            new Plan(POSTGRES, "essential-1", "Essential 1", 20, false),
            new Plan(POSTGRES, "essential-2", "Essential 2", 40, false),
            new Plan(POSTGRES, "standard-0", "Standard 0", 120, false),
            new Plan(POSTGRES, "premium-0", "Premium 0", 120, false));

    private AddonCatalog() {}

    public static UUID serviceId(String service) {
        return UUID.nameUUIDFromBytes(("slipway-addon-service:" + service).getBytes(StandardCharsets.UTF_8));
    }

    /** {@code heroku-postgresql} (the default plan) or {@code heroku-postgresql:essential-1}, or the service's or a plan's id. */
    public static Plan plan(String asked) {
        return find(asked).orElseThrow(() -> HerokuError.invalidParams(
                "Couldn't find either the add-on service or the add-on plan of \"" + asked + "\"."));
    }

    static Optional<Plan> find(String asked) {
        if (asked == null || asked.isBlank()) {
            return Optional.empty();
        }
        String text = asked.strip();
        if (text.equals(POSTGRES) || text.equals(serviceId(POSTGRES).toString())) {
            return PLANS.stream().filter(Plan::isDefault).findFirst();
        }
        return PLANS.stream().filter(p -> p.name().equals(text) || p.id().toString().equals(text)).findFirst();
    }

    /** A service by name or id; 404 as Heroku answers an unknown one. */
    public static String service(String nameOrId) {
        if (POSTGRES.equals(nameOrId) || serviceId(POSTGRES).toString().equals(nameOrId)) {
            return POSTGRES;
        }
        throw HerokuError.notFound("Couldn't find that add-on service.");
    }

    public static List<Plan> plans(String service) {
        return PLANS.stream().filter(p -> p.service().equals(service)).toList();
    }
}
