package dev.slipway.dyno.persistence;

import dev.slipway.dyno.domain.AppRelease;
import dev.slipway.dyno.domain.FormationEntry;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** The desired state as release-service announced it: the app's release and its formation. */
@ApplicationScoped
public class DesiredStateRepository {

    /** Stores the release unless a newer one is already stored (events may be redelivered late). */
    public void upsertRelease(Connection tx, AppRelease r) throws SQLException {
        try (PreparedStatement s = tx.prepareStatement(
                "INSERT INTO app_release (" + AppReleaseColumns.INSERT + ") VALUES (" + AppReleaseColumns.VALUES + ") " + """
                ON CONFLICT (app_id) DO UPDATE SET app_name = EXCLUDED.app_name, release_id = EXCLUDED.release_id,
                  version = EXCLUDED.version, slug_id = EXCLUDED.slug_id, slug_url = EXCLUDED.slug_url,
                  process_types = EXCLUDED.process_types, config_vars = EXCLUDED.config_vars,
                  commit = EXCLUDED.commit, created_at = EXCLUDED.created_at, layers = EXCLUDED.layers
                WHERE app_release.version < EXCLUDED.version""")) {
            AppReleaseColumns.bind(s, r);
            s.executeUpdate();
        }
    }

    public void replaceFormation(Connection tx, UUID appId, List<FormationEntry> entries) throws SQLException {
        try (PreparedStatement d = tx.prepareStatement("DELETE FROM formation WHERE app_id = ?")) {
            d.setObject(1, appId);
            d.executeUpdate();
        }
        try (PreparedStatement i = tx.prepareStatement(
                "INSERT INTO formation (app_id, type, quantity, size) VALUES (?, ?, ?, ?)")) {
            for (FormationEntry e : entries) {
                i.setObject(1, appId);
                i.setString(2, e.type());
                i.setInt(3, e.quantity());
                i.setString(4, e.size());
                i.addBatch();
            }
            i.executeBatch();
        }
    }

    /** An app that is gone wants nothing: converging it then stops all its dynos. */
    public void forget(Connection tx, UUID appId) throws SQLException {
        for (String table : List.of("formation", "app_release")) {
            try (PreparedStatement d = tx.prepareStatement("DELETE FROM " + table + " WHERE app_id = ?")) {
                d.setObject(1, appId);
                d.executeUpdate();
            }
        }
    }

    public AppRelease release(Connection c, UUID appId) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(
                "SELECT " + AppReleaseColumns.SELECT + " FROM app_release WHERE app_id = ?")) {
            q.setObject(1, appId);
            try (ResultSet rs = q.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                return AppReleaseColumns.read(rs);
            }
        }
    }

    public List<FormationEntry> formation(Connection c, UUID appId) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(
                "SELECT type, quantity, size FROM formation WHERE app_id = ? ORDER BY type")) {
            q.setObject(1, appId);
            List<FormationEntry> out = new ArrayList<>();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.add(new FormationEntry(rs.getString(1), rs.getInt(2), rs.getString(3)));
                }
            }
            return out;
        }
    }

    /** Every app with desired state or dynos: what a restarted dyno-manager has to converge. */
    public Set<UUID> knownApps(Connection c) throws SQLException {
        Set<UUID> out = new LinkedHashSet<>();
        try (PreparedStatement q = c.prepareStatement(
                "SELECT app_id FROM app_release UNION SELECT app_id FROM formation UNION SELECT app_id FROM dyno");
             ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getObject(1, UUID.class));
            }
        }
        return out;
    }
}
