package dev.slipway.router.persistence;

import dev.slipway.router.domain.RoutingRows;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** JDBC for the router's tables: written by the event handler, read whole to build the table. */
@ApplicationScoped
public class RoutingRepository {

    public void upsertApp(Connection tx, UUID id, String name, Boolean maintenance) throws SQLException {
        // AppCreated carries no maintenance flag: keep whatever an earlier AppUpdated set
        try (PreparedStatement ps = tx.prepareStatement("""
                INSERT INTO app (id, name, maintenance) VALUES (?, ?, coalesce(?, false))
                ON CONFLICT (id) DO UPDATE SET name = excluded.name,
                    maintenance = coalesce(?, app.maintenance)""")) {
            ps.setObject(1, id);
            ps.setString(2, name);
            ps.setObject(3, maintenance);
            ps.setObject(4, maintenance);
            ps.executeUpdate();
        }
    }

    public void deleteApp(Connection tx, UUID id) throws SQLException {
        for (String sql : List.of("DELETE FROM domain WHERE app_id = ?", "DELETE FROM dyno WHERE app_id = ?",
                "DELETE FROM app WHERE id = ?")) {
            try (PreparedStatement ps = tx.prepareStatement(sql)) {
                ps.setObject(1, id);
                ps.executeUpdate();
            }
        }
    }

    public void upsertDomain(Connection tx, String hostname, UUID appId) throws SQLException {
        try (PreparedStatement ps = tx.prepareStatement("""
                INSERT INTO domain (hostname, app_id) VALUES (?, ?)
                ON CONFLICT (hostname) DO UPDATE SET app_id = excluded.app_id""")) {
            ps.setString(1, hostname.toLowerCase(Locale.ROOT));
            ps.setObject(2, appId);
            ps.executeUpdate();
        }
    }

    public void deleteDomain(Connection tx, String hostname, UUID appId) throws SQLException {
        try (PreparedStatement ps = tx.prepareStatement("DELETE FROM domain WHERE hostname = ? AND app_id = ?")) {
            ps.setString(1, hostname.toLowerCase(Locale.ROOT));
            ps.setObject(2, appId);
            ps.executeUpdate();
        }
    }

    public void upsertDyno(Connection tx, RoutingRows.Dyno d, int releaseVersion) throws SQLException {
        try (PreparedStatement ps = tx.prepareStatement("""
                INSERT INTO dyno (dyno_id, app_id, name, type, release_version, state, host, port, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, now())
                ON CONFLICT (dyno_id) DO UPDATE SET app_id = excluded.app_id, name = excluded.name,
                    type = excluded.type, release_version = excluded.release_version, state = excluded.state,
                    host = excluded.host, port = excluded.port, updated_at = now()""")) {
            ps.setObject(1, d.dynoId());
            ps.setObject(2, d.appId());
            ps.setString(3, d.name());
            ps.setString(4, d.type());
            ps.setInt(5, releaseVersion);
            ps.setString(6, d.state());
            ps.setString(7, d.host());
            ps.setInt(8, d.port());
            ps.executeUpdate();
        }
    }

    public void deleteDyno(Connection tx, UUID dynoId) throws SQLException {
        try (PreparedStatement ps = tx.prepareStatement("DELETE FROM dyno WHERE dyno_id = ?")) {
            ps.setObject(1, dynoId);
            ps.executeUpdate();
        }
    }

    public RoutingRows loadAll(Connection c) throws SQLException {
        List<RoutingRows.App> apps = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, name, maintenance FROM app");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                apps.add(new RoutingRows.App(rs.getObject(1, UUID.class), rs.getString(2), rs.getBoolean(3)));
            }
        }
        List<RoutingRows.Domain> domains = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT hostname, app_id FROM domain");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                domains.add(new RoutingRows.Domain(rs.getString(1), rs.getObject(2, UUID.class)));
            }
        }
        List<RoutingRows.Dyno> dynos = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT dyno_id, app_id, name, type, state, host, port FROM dyno ORDER BY name");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                dynos.add(new RoutingRows.Dyno(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                        rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getInt(7)));
            }
        }
        return new RoutingRows(apps, domains, dynos);
    }
}
