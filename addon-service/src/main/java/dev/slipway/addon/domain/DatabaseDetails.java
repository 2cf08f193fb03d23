package dev.slipway.addon.domain;

import dev.slipway.addon.persistence.AddonRepository;
import dev.slipway.addon.provider.TenantDatabases;
import dev.slipway.kit.Caller;
import dev.slipway.kit.Db;
import dev.slipway.kit.HerokuError;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import org.jboss.logging.Logger;

/**
 * What Heroku's data API tells of a database: {@code pg:info}'s figures, read live from the
 * tenant cluster, and {@code pg:credentials:url}'s credential. Slipway has one credential per
 * database, {@code default}: the owner role of the add-on's URL.
 */
@ApplicationScoped
public class DatabaseDetails {
    private static final Logger LOG = Logger.getLogger(DatabaseDetails.class);

    private final Db db;
    private final AddonService addonService;
    private final AddonRepository addons;
    private final TenantDatabases tenant;

    DatabaseDetails(Db db, AddonService addonService, AddonRepository addons, TenantDatabases tenant) {
        this.db = db;
        this.addonService = addonService;
        this.addons = addons;
        this.tenant = tenant;
    }

    /** An add-on with its live figures and its URL (null for an add-on made before credentials were kept). */
    public record Info(Addon addon, TenantDatabases.Stats stats, String url) {}

    /** The owner role of the database: user, password, and where dynos reach it. */
    public record Credential(Addon addon, String user, String password, String url) {}

    public Info info(Caller caller, String addonIdOrName) {
        Addon addon = addonService.visible(caller, addonIdOrName);
        try {
            return new Info(addon, tenant.stats(addon.providerId()), url(addon));
        } catch (SQLException e) {
            LOG.errorf(e, "could not read the figures of %s", addon.name());
            throw HerokuError.unavailable("The database cluster did not answer. Try again later.");
        }
    }

    public Credential credential(Caller caller, String addonIdOrName, String credentialName) {
        Addon addon = addonService.visible(caller, addonIdOrName);
        if (!"default".equals(credentialName)) {
            throw HerokuError.notFound("Couldn't find that credential: " + addon.name() + " has only default.");
        }
        String url = url(addon);
        if (url == null) {
            throw HerokuError.invalidParams(addon.name() + " was made before Slipway kept credentials; its URL is"
                    + " in the app's config vars only.");
        }
        String password = db.read(c -> addons.password(c, addon.id())).orElseThrow();
        return new Credential(addon, addon.providerId(), password, url);
    }

    private String url(Addon addon) {
        return db.read(c -> addons.password(c, addon.id())).map(p -> tenant.url(addon.providerId(), p)).orElse(null);
    }
}
