package dev.slipway.addon.domain;

import java.time.Instant;
import java.util.UUID;

/** An add-on as one app sees it: {@code DATABASE}, owning {@code DATABASE_URL}. */
public record Attachment(UUID id, UUID addonId, String addonName, UUID addonAppId, String addonAppName, UUID appId,
                         String appName, String name, String configVar, Instant createdAt, Instant updatedAt,
                         Plan addonPlan) {}
