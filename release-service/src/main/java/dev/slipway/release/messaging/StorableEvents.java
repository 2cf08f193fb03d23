package dev.slipway.release.messaging;

import dev.slipway.events.AppCreated;
import dev.slipway.events.AppUpdated;
import dev.slipway.events.ConfigVarsChanged;
import dev.slipway.events.RuntimeLayer;
import dev.slipway.events.SlugBuilt;
import dev.slipway.kit.StorableText;
import java.util.Objects;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * release-service's edge for text: the strings of an event it stores, made storable. A NUL in a
 * Procfile command (or a config var, a commit) would make PostgreSQL refuse the release's jsonb or
 * text and the record would be dead-lettered, leaving the push waiting for a release that never
 * comes; instead the NUL becomes U+FFFD, visible in {@code heroku releases:info} and the formation,
 * and the release happens. No command with a NUL could have run anyway: an exec'd argument ends at
 * the first NUL.
 */
final class StorableEvents {
    private static final Logger LOG = Logger.getLogger(StorableEvents.class);

    private StorableEvents() {}

    static SlugBuilt of(SlugBuilt e) {
        SlugBuilt storable = new SlugBuilt(e.appId(), e.buildId(), e.pushId(), StorableText.of(e.slugId()),
                StorableText.of(e.slugUrl()), e.sizeBytes(), StorableText.of(e.processTypes()),
                StorableText.of(e.buildpack()), StorableText.of(e.commit()),
                e.layers().stream().map(StorableEvents::storable).toList());
        warnIfChanged(e, storable, "SlugBuilt", e.appId());
        return storable;
    }

    static ConfigVarsChanged of(ConfigVarsChanged e) {
        ConfigVarsChanged storable = new ConfigVarsChanged(e.appId(), e.version(), StorableText.of(e.vars()),
                StorableText.of(e.changedBy()), StorableText.of(e.description()));
        warnIfChanged(e, storable, "ConfigVarsChanged", e.appId());
        return storable;
    }

    static AppCreated of(AppCreated e) {
        return new AppCreated(e.appId(), StorableText.of(e.name()), e.ownerId(), StorableText.of(e.ownerEmail()),
                e.createdAt());
    }

    static String name(AppUpdated e) {
        return StorableText.of(e.name());
    }

    /** Says which event of which app, never the values: config vars are secrets. */
    private static void warnIfChanged(Object before, Object after, String type, UUID appId) {
        if (!Objects.equals(before, after)) {
            LOG.warnf("%s of app %s had NUL characters, which PostgreSQL cannot store: replaced with U+FFFD", type, appId);
        }
    }

    private static RuntimeLayer storable(RuntimeLayer l) {
        return new RuntimeLayer(StorableText.of(l.id()), StorableText.of(l.url()), StorableText.of(l.mount()));
    }
}
