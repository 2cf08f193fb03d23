package dev.slipway.git.persistence;

import dev.slipway.git.domain.Push;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Push records: one row per deploy-branch push, pending until its build fails or its release exists. */
@ApplicationScoped
public class PushRepository {

    public void insert(Connection tx, UUID id, UUID appId, String ref, String oldRev, String newRev,
                       String pushedBy) throws SQLException {
        try (PreparedStatement s = tx.prepareStatement("""
                INSERT INTO push (id, app_id, ref, old_rev, new_rev, status, pushed_by)
                VALUES (?, ?, ?, ?, ?, 'pending', ?)""")) {
            s.setObject(1, id);
            s.setObject(2, appId);
            s.setString(3, ref);
            s.setString(4, oldRev);
            s.setString(5, newRev);
            s.setString(6, pushedBy);
            s.executeUpdate();
        }
    }

    /** Locks the app row so that two pushes to one app cannot both see "nothing running". */
    public boolean lockApp(Connection tx, UUID appId) throws SQLException {
        try (PreparedStatement s = tx.prepareStatement("SELECT id FROM app WHERE id = ? FOR UPDATE")) {
            s.setObject(1, appId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** A pending push younger than {@code staleAfter}: older ones belong to a session that died. */
    public boolean hasRunning(Connection tx, UUID appId, Duration staleAfter) throws SQLException {
        try (PreparedStatement s = tx.prepareStatement(
                "SELECT 1 FROM push WHERE app_id = ? AND status = 'pending' AND created_at > ?")) {
            s.setObject(1, appId);
            s.setTimestamp(2, Timestamp.from(Instant.now().minus(staleAfter)));
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }

    public boolean markFailed(Connection tx, UUID id, String reason) throws SQLException {
        try (PreparedStatement s = tx.prepareStatement("""
                UPDATE push SET status = 'failed', failure_reason = ?, finished_at = now()
                WHERE id = ? AND status = 'pending'""")) {
            s.setString(1, reason);
            s.setObject(2, id);
            return s.executeUpdate() == 1;
        }
    }

    public boolean markSucceeded(Connection tx, UUID id, int releaseVersion) throws SQLException {
        try (PreparedStatement s = tx.prepareStatement("""
                UPDATE push SET status = 'succeeded', release_version = ?, finished_at = now()
                WHERE id = ? AND status = 'pending'""")) {
            s.setInt(1, releaseVersion);
            s.setObject(2, id);
            return s.executeUpdate() == 1;
        }
    }

    /** Sessions of a previous process cannot be resumed: their pushes failed (git already told the pusher). */
    public int failAllPending(Connection tx, String reason) throws SQLException {
        try (PreparedStatement s = tx.prepareStatement("""
                UPDATE push SET status = 'failed', failure_reason = ?, finished_at = now()
                WHERE status = 'pending'""")) {
            s.setString(1, reason);
            return s.executeUpdate();
        }
    }

    /** Finished pushes older than {@code keep}: their client is long gone, and nothing reads them. */
    public int deleteFinishedBefore(Connection tx, Duration keep) throws SQLException {
        try (PreparedStatement s = tx.prepareStatement(
                "DELETE FROM push WHERE status <> 'pending' AND created_at < ?")) {
            s.setTimestamp(1, Timestamp.from(Instant.now().minus(keep)));
            return s.executeUpdate();
        }
    }

    public Optional<Push> find(Connection c, UUID id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                SELECT id, app_id, ref, old_rev, new_rev, status, pushed_by, failure_reason, release_version,
                       created_at, finished_at FROM push WHERE id = ?""")) {
            s.setObject(1, id);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                int version = rs.getInt(9);
                Integer releaseVersion = rs.wasNull() ? null : version;
                Timestamp finished = rs.getTimestamp(11);
                return Optional.of(new Push(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                        releaseVersion, rs.getTimestamp(10).toInstant(), finished == null ? null : finished.toInstant()));
            }
        }
    }
}
