package dev.slipway.events;

import java.util.UUID;

/**
 * An add-on was attached to an app as {@code attachmentName}: its config var {@code configVar}
 * (e.g. {@code DATABASE_URL}) now holds {@code url}. The owner of config vars sets it as the
 * add-on's own (users cannot edit it) and makes a release "Attach DATABASE (postgresql-...)".
 * The url carries the add-on's password: like ConfigVarsChanged, it never leaves the broker.
 */
public record AddonAttached(UUID appId, UUID addonId, String addonName, String attachmentName, String configVar,
                            String url) implements Event {}
