package dev.slipway.addon.domain;

import dev.slipway.addon.persistence.AddonRepository;
import dev.slipway.addon.provider.TenantDatabases;
import dev.slipway.events.AddonAttached;
import dev.slipway.events.AddonDetached;
import dev.slipway.kit.AccessGuard;
import dev.slipway.kit.AppRef;
import dev.slipway.kit.Caller;
import dev.slipway.kit.Db;
import dev.slipway.kit.HerokuError;
import dev.slipway.kit.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Add-ons of apps: provisioned on the tenant-data cluster first, then recorded with their
 * attachment and {@link AddonAttached} in one transaction (a failed record drops what was
 * provisioned); destroyed on the cluster first, then deleted with {@link AddonDetached} (a drop is
 * idempotent, so a failed delete can simply be asked again). The config vars themselves belong to
 * config-service, which makes the release.
 */
@ApplicationScoped
public class AddonService {
    private static final Logger LOG = Logger.getLogger(AddonService.class);
    private static final int NAME_TRIES = 5;

    private final Db db;
    private final Outbox outbox;
    private final AccessGuard guard;
    private final AddonRepository addons;
    private final TenantDatabases tenant;

    AddonService(Db db, Outbox outbox, AccessGuard guard, AddonRepository addons, TenantDatabases tenant) {
        this.db = db;
        this.outbox = outbox;
        this.guard = guard;
        this.addons = addons;
        this.tenant = tenant;
    }

    /** What a create asks for: a plan (required), and optionally the add-on's name and the attachment's ({@code --as}). */
    public record Request(String plan, String name, String attachmentName) {}

    public Addon create(AppRef app, Request request) {
        Plan plan = AddonCatalog.plan(request.plan());
        String name = request.name() == null ? null : AddonNames.requireAddonName(request.name());
        String asked = request.attachmentName() == null ? null : AddonNames.requireAttachmentName(request.attachmentName());
        String providerId = TenantDatabases.newProviderId();
        TenantDatabases.Provisioned provisioned;
        try {
            provisioned = tenant.create(providerId, plan.connectionLimit());
        } catch (SQLException e) {
            LOG.errorf(e, "could not provision %s for app %s", providerId, app.name());
            throw HerokuError.unavailable("The add-on could not be provisioned: the database cluster did not answer. Try again later.");
        }
        try {
            UUID id = UUID.randomUUID();
            return db.inTransaction(tx -> {
                addons.lockApp(tx, app.id());
                String addonName = name != null ? requireFree(tx, name) : freeGeneratedName(tx, plan.service());
                Set<String> taken = addons.attachmentsOfApp(tx, app.id()).stream().map(Attachment::name)
                        .collect(Collectors.toSet());
                String attachment = asked != null ? asked : AddonNames.nextAttachmentName(taken);
                if (taken.contains(attachment)) {
                    throw HerokuError.invalidParams("Attachment name " + attachment + " is already used by another add-on"
                            + " of " + app.name() + ".");
                }
                String configVar = AddonNames.configVar(attachment);
                addons.insert(tx, id, addonName, app.id(), plan.name(), providerId, provisioned.password());
                addons.insertAttachment(tx, id, app.id(), attachment, configVar);
                outbox.publish(tx, new AddonAttached(app.id(), id, addonName, attachment, configVar, provisioned.url()));
                return addons.find(tx, id.toString()).orElseThrow();
            });
        } catch (RuntimeException e) {
            dropQuietly(providerId);
            throw e;
        }
    }

    public List<Addon> list(AppRef app) {
        return db.read(c -> addons.ofApp(c, app.id()));
    }

    public List<Addon> visibleTo(Caller caller) {
        return db.read(c -> addons.visibleTo(c, caller));
    }

    public List<Attachment> attachments(AppRef app) {
        return db.read(c -> addons.attachmentsOfApp(c, app.id()));
    }

    public List<Attachment> attachmentsVisibleTo(Caller caller) {
        return db.read(c -> addons.attachmentsVisibleTo(c, caller));
    }

    /** An add-on of this app (owned or attached), by id, name or attachment name; else 404. */
    public Addon ofApp(AppRef app, String idOrName) {
        return db.read(c -> matching(c, app, idOrName)).stream().findFirst().orElseThrow(AddonService::notFound);
    }

    /** Any add-on the caller may see (their app's), by id or name; 404 for the others too, so names do not leak. */
    public Addon visible(Caller caller, String idOrName) {
        Addon addon = db.read(c -> addons.find(c, idOrName)).orElseThrow(AddonService::notFound);
        if (!mayUse(caller, addon.appId())) {
            throw notFound();
        }
        return addon;
    }

    /**
     * Heroku's {@code POST /actions/addons/resolve}: the add-ons an identifier may mean. With an
     * app: its add-ons by id or name, or an attachment's name such as DATABASE; an add-on's name is
     * unique across the platform, so a name of another app's add-on the caller may see matches too
     * (the heroku CLI then says "x is on other-app not this-app"). Without an app: any add-on the
     * caller can see, by id or name.
     */
    public List<Addon> resolve(Caller caller, String idOrName, String appIdOrName) {
        if (idOrName == null || idOrName.isBlank()) {
            throw HerokuError.invalidParams("addon is required.");
        }
        if (appIdOrName != null && !appIdOrName.isBlank()) {
            List<Addon> onApp = db.read(c -> matching(c, guard.app(caller, appIdOrName), idOrName));
            if (!onApp.isEmpty()) {
                return onApp;
            }
        }
        return List.of(visible(caller, idOrName));
    }

    /**
     * Heroku's {@code POST /actions/addon-attachments/resolve}: the attachments an identifier may
     * mean on an app (the attachment's name or id, or its add-on's name or id), or without an app
     * any attachment the caller can see by id. None is 404; the heroku CLI then tries config var
     * names itself.
     */
    public List<Attachment> resolveAttachments(Caller caller, String identifier, String appIdOrName) {
        if (identifier == null || identifier.isBlank()) {
            throw HerokuError.invalidParams("addon_attachment is required.");
        }
        List<Attachment> candidates = appIdOrName != null && !appIdOrName.isBlank()
                ? attachments(guard.app(caller, appIdOrName))
                : attachmentsVisibleTo(caller);
        List<Attachment> byAttachment = candidates.stream()
                .filter(t -> t.name().equals(identifier) || t.id().toString().equals(identifier)).toList();
        List<Attachment> matches = !byAttachment.isEmpty() ? byAttachment : candidates.stream()
                .filter(t -> t.addonName().equals(identifier) || t.addonId().toString().equals(identifier)).toList();
        if (matches.isEmpty()) {
            throw HerokuError.notFound("Couldn't find that add on attachment.");
        }
        return matches;
    }

    /** A new name and/or plan (same service); a plan change sets the role's connection limit. */
    public Addon update(AppRef app, String idOrName, String newName, String newPlan) {
        Addon addon = owned(app, idOrName);
        Plan plan = newPlan == null ? addon.plan() : AddonCatalog.plan(newPlan);
        if (!plan.service().equals(addon.plan().service())) {
            throw HerokuError.invalidParams("The plan " + plan.name() + " belongs to another add-on service than "
                    + addon.name() + "'s (" + addon.plan().service() + ").");
        }
        String name = newName == null ? addon.name() : AddonNames.requireAddonName(newName);
        if (!plan.equals(addon.plan())) {
            try {
                tenant.resize(addon.providerId(), plan.connectionLimit());
            } catch (SQLException e) {
                LOG.errorf(e, "could not change the plan of %s", addon.name());
                throw HerokuError.unavailable("The plan could not be changed: the database cluster did not answer. Try again later.");
            }
        }
        return db.inTransaction(tx -> {
            if (!name.equals(addon.name())) {
                requireFree(tx, name);
            }
            addons.update(tx, addon.id(), name, plan.name());
            return addons.find(tx, addon.id().toString()).orElseThrow(AddonService::notFound);
        });
    }

    /** Drops the database and its role, then forgets the add-on and detaches its config vars (a release each). */
    public Addon destroy(AppRef app, String idOrName) {
        Addon addon = owned(app, idOrName);
        try {
            tenant.drop(addon.providerId());
        } catch (SQLException e) {
            LOG.errorf(e, "could not drop %s (%s)", addon.providerId(), addon.name());
            throw HerokuError.unavailable("The add-on could not be destroyed: the database cluster did not answer. Try again later.");
        }
        db.inTransaction(tx -> {
            if (addons.delete(tx, addon.id())) {
                for (Attachment a : addon.attachments()) {
                    outbox.publish(tx, new AddonDetached(a.appId(), addon.id(), addon.name(), a.name(), a.configVar()));
                }
            }
            return null;
        });
        return addon.withState(AddonState.DEPROVISIONED);
    }

    /**
     * The app is gone (AppDeleted): its add-ons' databases and roles are dropped and their rows
     * deleted, in the event's transaction. A cluster that does not answer fails the event, which
     * the kit's consumer then tries again, so no database outlives its app unnoticed.
     */
    public void destroyAllOf(Connection tx, UUID appId) throws SQLException {
        for (String providerId : addons.providerIdsOfApp(tx, appId)) {
            tenant.drop(providerId);
            LOG.infof("dropped %s of deleted app %s", providerId, appId);
        }
        addons.deleteAllOfApp(tx, appId);
    }

    private Addon owned(AppRef app, String idOrName) {
        Addon addon = ofApp(app, idOrName);
        if (!addon.appId().equals(app.id())) {
            throw HerokuError.forbidden(addon.name() + " belongs to " + addon.appName() + ", not " + app.name() + ".");
        }
        return addon;
    }

    private List<Addon> matching(Connection c, AppRef app, String idOrName) throws SQLException {
        List<Addon> ofApp = addons.ofApp(c, app.id());
        List<Addon> direct = ofApp.stream()
                .filter(a -> a.id().toString().equals(idOrName) || a.name().equals(idOrName)).toList();
        if (!direct.isEmpty()) {
            return direct;
        }
        return ofApp.stream()
                .filter(a -> a.attachments().stream().anyMatch(t -> t.appId().equals(app.id()) && t.name().equals(idOrName)))
                .toList();
    }

    private boolean mayUse(Caller caller, UUID appId) {
        try {
            guard.app(caller, appId.toString());
            return true;
        } catch (HerokuError e) {
            return false;
        }
    }

    private String requireFree(Connection tx, String name) throws SQLException {
        if (addons.find(tx, name).isPresent()) {
            throw HerokuError.invalidParams("Name " + name + " is already taken by another add-on.");
        }
        return name;
    }

    private String freeGeneratedName(Connection tx, String service) throws SQLException {
        for (int i = 0; i < NAME_TRIES; i++) {
            String name = AddonNames.generate(service);
            if (addons.find(tx, name).isEmpty()) {
                return name;
            }
        }
        throw HerokuError.unavailable("Could not find a free add-on name; try again or pass one with --name.");
    }

    private void dropQuietly(String providerId) {
        try {
            tenant.drop(providerId);
        } catch (SQLException | RuntimeException e) {
            LOG.errorf(e, "could not drop %s after a failed create; drop it by hand", providerId);
        }
    }

    private static HerokuError notFound() {
        return HerokuError.notFound("Couldn't find that add-on.");
    }
}
