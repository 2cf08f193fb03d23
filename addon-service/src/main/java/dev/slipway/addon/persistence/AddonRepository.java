package dev.slipway.addon.persistence;

import dev.slipway.addon.domain.Addon;
import dev.slipway.addon.domain.AddonCatalog;
import dev.slipway.addon.domain.AddonState;
import dev.slipway.addon.domain.Attachment;
import dev.slipway.kit.Caller;
import dev.slipway.kit.HerokuError;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Add-ons and their attachments, with app names from the kit's {@code kit_app} (this service keeps
 * no app table of its own). "Visible" is the access rule of every app endpoint: the caller owns or
 * collaborates on the app, or is an admin.
 */
@ApplicationScoped
public class AddonRepository {
    private static final String ADDONS = """
            SELECT a.id, a.name, a.app_id, k.name, a.plan, a.provider_id, a.state, a.created_at, a.updated_at
            FROM addon a JOIN kit_app k ON k.id = a.app_id""";
    private static final String ATTACHMENTS = """
            SELECT t.id, t.addon_id, a.name, a.app_id, ka.name, t.app_id, k.name, t.name, t.config_var, t.created_at,
                   t.updated_at, a.plan
            FROM addon_attachment t JOIN addon a ON a.id = t.addon_id
                 JOIN kit_app ka ON ka.id = a.app_id JOIN kit_app k ON k.id = t.app_id""";
    private static final String VISIBLE = """
             (? OR k.owner_id = ? OR EXISTS (SELECT 1 FROM kit_collaborator c WHERE c.app_id = k.id AND c.account_id = ?))""";

    public List<Addon> ofApp(Connection c, UUID appId) throws SQLException {
        return addons(c, ADDONS + " WHERE a.app_id = ? ORDER BY a.created_at, a.name", q -> q.setObject(1, appId));
    }

    public List<Addon> visibleTo(Connection c, Caller caller) throws SQLException {
        return addons(c, ADDONS + " WHERE" + VISIBLE + " ORDER BY k.name, a.created_at, a.name", q -> visible(q, 1, caller));
    }

    /** By id or name, whoever may see it (the caller's access is checked on its app). */
    public Optional<Addon> find(Connection c, String idOrName) throws SQLException {
        UUID id = uuidOrNull(idOrName);
        List<Addon> found = id != null
                ? addons(c, ADDONS + " WHERE a.id = ?", q -> q.setObject(1, id))
                : addons(c, ADDONS + " WHERE a.name = ?", q -> q.setString(1, idOrName));
        return found.stream().findFirst();
    }

    public List<Attachment> attachmentsOfApp(Connection c, UUID appId) throws SQLException {
        return attachments(c, ATTACHMENTS + " WHERE t.app_id = ? ORDER BY t.name", q -> q.setObject(1, appId));
    }

    public List<Attachment> attachmentsVisibleTo(Connection c, Caller caller) throws SQLException {
        return attachments(c, ATTACHMENTS + " WHERE" + VISIBLE + " ORDER BY k.name, t.name", q -> visible(q, 1, caller));
    }

    public void insert(Connection tx, UUID id, String name, UUID appId, String plan, String providerId,
                       String password) throws SQLException {
        try (PreparedStatement q = tx.prepareStatement(
                "INSERT INTO addon (id, name, app_id, plan, provider_id, state, password) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            q.setObject(1, id);
            q.setString(2, name);
            q.setObject(3, appId);
            q.setString(4, plan);
            q.setString(5, providerId);
            q.setString(6, AddonState.PROVISIONED.heroku());
            q.setString(7, password);
            q.executeUpdate();
        }
    }

    public void insertAttachment(Connection tx, UUID addonId, UUID appId, String name, String configVar)
            throws SQLException {
        try (PreparedStatement q = tx.prepareStatement(
                "INSERT INTO addon_attachment (id, addon_id, app_id, name, config_var) VALUES (?, ?, ?, ?, ?)")) {
            q.setObject(1, UUID.randomUUID());
            q.setObject(2, addonId);
            q.setObject(3, appId);
            q.setString(4, name);
            q.setString(5, configVar);
            q.executeUpdate();
        }
    }

    public void update(Connection tx, UUID id, String name, String plan) throws SQLException {
        try (PreparedStatement q = tx.prepareStatement(
                "UPDATE addon SET name = ?, plan = ?, updated_at = now() WHERE id = ?")) {
            q.setString(1, name);
            q.setString(2, plan);
            q.setObject(3, id);
            q.executeUpdate();
        }
    }

    /** Deletes the add-on and its attachments; false when another request deleted it first. */
    public boolean delete(Connection tx, UUID id) throws SQLException {
        try (PreparedStatement q = tx.prepareStatement("DELETE FROM addon WHERE id = ?")) {
            q.setObject(1, id);
            return q.executeUpdate() == 1;
        }
    }

    /** The provider ids of an app's add-ons, without the kit's app row (gone with AppDeleted). */
    public List<String> providerIdsOfApp(Connection c, UUID appId) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT provider_id FROM addon WHERE app_id = ?")) {
            q.setObject(1, appId);
            try (ResultSet rs = q.executeQuery()) {
                List<String> ids = new ArrayList<>();
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
                return ids;
            }
        }
    }

    /** Serialises add-on and transfer changes per app (two creates cannot both pick DATABASE, two captures one number). */
    public void lockApp(Connection tx, UUID appId) throws SQLException {
        try (PreparedStatement q = tx.prepareStatement("SELECT 1 FROM kit_app WHERE id = ? FOR UPDATE")) {
            q.setObject(1, appId);
            if (!q.executeQuery().next()) {
                throw HerokuError.appNotFound();
            }
        }
    }

    /** The owner role's password; empty for an add-on made before passwords were kept. */
    public Optional<String> password(Connection c, UUID addonId) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT password FROM addon WHERE id = ?")) {
            q.setObject(1, addonId);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
        }
    }

    public void deleteAllOfApp(Connection tx, UUID appId) throws SQLException {
        try (PreparedStatement q = tx.prepareStatement("DELETE FROM addon WHERE app_id = ?")) {
            q.setObject(1, appId);
            q.executeUpdate();
        }
    }

    private interface Binder {
        void bind(PreparedStatement q) throws SQLException;
    }

    private static void visible(PreparedStatement q, int from, Caller caller) throws SQLException {
        q.setBoolean(from, caller.admin());
        q.setObject(from + 1, caller.accountId());
        q.setObject(from + 2, caller.accountId());
    }

    private List<Addon> addons(Connection c, String sql, Binder binder) throws SQLException {
        List<Addon> rows = new ArrayList<>();
        try (PreparedStatement q = c.prepareStatement(sql)) {
            binder.bind(q);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Addon(rs.getObject(1, UUID.class), rs.getString(2), rs.getObject(3, UUID.class),
                            rs.getString(4), AddonCatalog.plan(rs.getString(5)), rs.getString(6),
                            AddonState.of(rs.getString(7)), rs.getTimestamp(8).toInstant(), rs.getTimestamp(9).toInstant(),
                            List.of()));
                }
            }
        }
        List<Addon> withAttachments = new ArrayList<>();
        for (Addon a : rows) {
            List<Attachment> attachments = attachments(c, ATTACHMENTS + " WHERE t.addon_id = ? ORDER BY t.name",
                    q -> q.setObject(1, a.id()));
            withAttachments.add(new Addon(a.id(), a.name(), a.appId(), a.appName(), a.plan(), a.providerId(), a.state(),
                    a.createdAt(), a.updatedAt(), attachments));
        }
        return withAttachments;
    }

    private static List<Attachment> attachments(Connection c, String sql, Binder binder) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(sql)) {
            binder.bind(q);
            try (ResultSet rs = q.executeQuery()) {
                List<Attachment> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(new Attachment(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
                            rs.getObject(4, UUID.class), rs.getString(5), rs.getObject(6, UUID.class), rs.getString(7),
                            rs.getString(8), rs.getString(9), instant(rs.getTimestamp(10)), instant(rs.getTimestamp(11)),
                            AddonCatalog.plan(rs.getString(12))));
                }
                return rows;
            }
        }
    }

    private static java.time.Instant instant(Timestamp t) {
        return t.toInstant();
    }

    private static UUID uuidOrNull(String s) {
        if (s == null || s.length() != 36) {
            return null;
        }
        try {
            return UUID.fromString(s);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
