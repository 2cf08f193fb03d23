package dev.slipway.addon.domain;

import java.util.UUID;

/**
 * One plan of an add-on service, e.g. {@code heroku-postgresql:essential-0}. Plans differ in the
 * connections their role may hold (the role's CONNECTION LIMIT), as Heroku's differ in size.
 */
public record Plan(String service, String shortName, String humanName, int connectionLimit, boolean isDefault) {

    /** Heroku's plan name: {@code service:plan}. */
    public String name() {
        return service + ":" + shortName;
    }

    /** Stable across restarts and installs, as Heroku's plan ids are. */
    public UUID id() {
        return UUID.nameUUIDFromBytes(("slipway-plan:" + name()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
