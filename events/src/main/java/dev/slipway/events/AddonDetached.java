package dev.slipway.events;

import java.util.UUID;

/**
 * An add-on's attachment to an app is gone (the add-on was destroyed): its config var
 * {@code configVar} is removed and a release "Detach DATABASE (postgresql-...)" made.
 */
public record AddonDetached(UUID appId, UUID addonId, String addonName, String attachmentName, String configVar)
        implements Event {}
