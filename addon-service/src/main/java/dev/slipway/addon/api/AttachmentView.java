package dev.slipway.addon.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.slipway.addon.api.AddonView.AppRef;
import dev.slipway.addon.domain.Attachment;
import java.time.Instant;
import java.util.UUID;

/** Heroku Platform API's add-on attachment resource; Slipway has no namespaces (null), as most attachments on Heroku. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AttachmentView(AddonRef addon, AppRef app, Instant createdAt, UUID id, String name, String namespace,
                             Instant updatedAt, String webUrl, String logInputUrl) {

    public static AttachmentView of(Attachment t) {
        return new AttachmentView(new AddonRef(t.addonId(), t.addonName(), new AppRef(t.addonAppId(), t.addonAppName())),
                new AppRef(t.appId(), t.appName()), t.createdAt(), t.id(), t.name(), null, t.updatedAt(), null, null);
    }

    public record AddonRef(UUID id, String name, AppRef app) {}
}
