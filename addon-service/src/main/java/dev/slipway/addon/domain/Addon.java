package dev.slipway.addon.domain;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An add-on with its owning app and its attachments (the config vars it owns). */
public record Addon(UUID id, String name, UUID appId, String appName, Plan plan, String providerId, AddonState state,
                    Instant createdAt, Instant updatedAt, List<Attachment> attachments) {

    public List<String> configVars() {
        return attachments.stream().map(Attachment::configVar).toList();
    }

    public Addon withState(AddonState newState) {
        return new Addon(id, name, appId, appName, plan, providerId, newState, createdAt, Instant.now(), attachments);
    }
}
