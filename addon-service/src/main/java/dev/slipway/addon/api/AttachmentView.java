package dev.slipway.addon.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.slipway.addon.api.AddonView.AppRef;
import dev.slipway.addon.api.AddonView.PlanRef;
import dev.slipway.addon.api.AddonView.Price;
import dev.slipway.addon.domain.Attachment;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Heroku Platform API's add-on attachment resource; Slipway has no namespaces (null), as most
 * attachments on Heroku. {@code addon.plan} and {@code config_vars} are always there (Heroku adds
 * them on {@code Accept-Inclusion: addon:plan,config_vars}, which the CLI's {@code pg:*} commands send).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AttachmentView(AddonRef addon, AppRef app, List<String> configVars, Instant createdAt, UUID id,
                             String name, String namespace, Instant updatedAt, String webUrl, String logInputUrl) {

    public static AttachmentView of(Attachment t) {
        return new AttachmentView(new AddonRef(t.addonId(), t.addonName(), new AppRef(t.addonAppId(), t.addonAppName()),
                new PlanRef(t.addonPlan().id(), t.addonPlan().name(), Price.FREE)),
                new AppRef(t.appId(), t.appName()), List.of(t.configVar()), t.createdAt(), t.id(), t.name(), null,
                t.updatedAt(), null, null);
    }

    public record AddonRef(UUID id, String name, AppRef app, PlanRef plan) {}
}
