package dev.slipway.dyno.persistence;

import dev.slipway.dyno.domain.AppRelease;
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

/** Releases waiting for their release command, or running it (table {@code release_phase}). */
@ApplicationScoped
public class ReleasePhaseRepository {

    /** A redelivered ReleaseCreated adds nothing. */
    public void insert(Connection tx, AppRelease r) throws SQLException {
        try (PreparedStatement s = tx.prepareStatement("INSERT INTO release_phase (" + AppReleaseColumns.INSERT
                + ", state) VALUES (" + AppReleaseColumns.VALUES + ", 'pending') ON CONFLICT DO NOTHING")) {
            AppReleaseColumns.bind(s, r);
            s.executeUpdate();
        }
    }

    /** The app's releases whose command has not started, oldest first. */
    public List<AppRelease> pending(Connection c, UUID appId) throws SQLException {
        return query(c, "SELECT " + AppReleaseColumns.SELECT + " FROM release_phase WHERE app_id = ? AND state = 'pending'"
                + " ORDER BY version", appId);
    }

    /** Phases a previous run of the platform left running. */
    public List<AppRelease> running(Connection c) throws SQLException {
        return query(c, "SELECT " + AppReleaseColumns.SELECT + " FROM release_phase WHERE state = 'running' ORDER BY app_id, version");
    }

    public Set<UUID> appsWithPending(Connection c) throws SQLException {
        Set<UUID> out = new LinkedHashSet<>();
        try (PreparedStatement q = c.prepareStatement("SELECT DISTINCT app_id FROM release_phase WHERE state = 'pending'");
             ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getObject(1, UUID.class));
            }
        }
        return out;
    }

    /** False when the row is gone (the app was deleted meanwhile). */
    public boolean markRunning(Connection tx, UUID releaseId) throws SQLException {
        try (PreparedStatement s = tx.prepareStatement(
                "UPDATE release_phase SET state = 'running' WHERE release_id = ? AND state = 'pending'")) {
            s.setObject(1, releaseId);
            return s.executeUpdate() == 1;
        }
    }

    /** The phase is over; false when it was already (redelivery, or the app deleted). */
    public boolean delete(Connection tx, UUID releaseId) throws SQLException {
        try (PreparedStatement s = tx.prepareStatement("DELETE FROM release_phase WHERE release_id = ?")) {
            s.setObject(1, releaseId);
            return s.executeUpdate() == 1;
        }
    }

    public void forget(Connection tx, UUID appId) throws SQLException {
        try (PreparedStatement s = tx.prepareStatement("DELETE FROM release_phase WHERE app_id = ?")) {
            s.setObject(1, appId);
            s.executeUpdate();
        }
    }

    private static List<AppRelease> query(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                q.setObject(i + 1, params[i]);
            }
            List<AppRelease> out = new ArrayList<>();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.add(AppReleaseColumns.read(rs));
                }
            }
            return out;
        }
    }
}
