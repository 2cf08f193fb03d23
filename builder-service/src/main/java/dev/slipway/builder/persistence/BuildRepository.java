package dev.slipway.builder.persistence;

import dev.slipway.builder.domain.Build;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Builds and their output lines. */
public final class BuildRepository {
    private static final String COLUMNS = "id, app_id, push_id, commit, source_url, user_id, user_email, status, "
            + "buildpacks, buildpack, slug_id, failure_reason, created_at, updated_at";

    private BuildRepository() {}

    /** False when the push already has a build: a redelivered or repeated PushReceived. */
    public static boolean insert(Connection tx, Build b) throws SQLException {
        try (PreparedStatement s = tx.prepareStatement("INSERT INTO build (" + COLUMNS + ") "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (push_id) DO NOTHING")) {
            s.setObject(1, b.id());
            s.setObject(2, b.appId());
            s.setObject(3, b.pushId());
            s.setString(4, b.commit());
            s.setString(5, b.sourceUrl());
            s.setObject(6, b.userId());
            s.setString(7, b.userEmail());
            s.setString(8, b.status());
            s.setArray(9, tx.createArrayOf("text", b.buildpacks().toArray()));
            s.setString(10, b.buildpack());
            s.setString(11, b.slugId());
            s.setString(12, b.failureReason());
            s.setTimestamp(13, Timestamp.from(b.createdAt()));
            s.setTimestamp(14, Timestamp.from(b.updatedAt()));
            return s.executeUpdate() == 1;
        }
    }

    public static Build find(Connection c, UUID appId, UUID id) throws SQLException {
        List<Build> found = query(c, "SELECT " + COLUMNS + " FROM build WHERE app_id = ? AND id = ?", appId, id);
        return found.isEmpty() ? null : found.getFirst();
    }

    public static Build find(Connection c, UUID id) throws SQLException {
        List<Build> found = query(c, "SELECT " + COLUMNS + " FROM build WHERE id = ?", id);
        return found.isEmpty() ? null : found.getFirst();
    }

    public static List<Build> list(Connection c, UUID appId) throws SQLException {
        return query(c, "SELECT " + COLUMNS + " FROM build WHERE app_id = ? ORDER BY created_at, id", appId);
    }

    public static List<Build> pending(Connection c) throws SQLException {
        return query(c, "SELECT " + COLUMNS + " FROM build WHERE status = 'pending' ORDER BY created_at, id");
    }

    public static void setBuildpacks(Connection tx, UUID id, List<String> buildpacks) throws SQLException {
        try (PreparedStatement s = tx.prepareStatement(
                "UPDATE build SET buildpacks = ?, updated_at = ? WHERE id = ?")) {
            s.setArray(1, tx.createArrayOf("text", buildpacks.toArray()));
            s.setTimestamp(2, Timestamp.from(Instant.now()));
            s.setObject(3, id);
            s.executeUpdate();
        }
    }

    /** Only a pending build ends, and only once: false if it had already ended. */
    public static boolean succeed(Connection tx, UUID id, String buildpack, String slugId) throws SQLException {
        return end(tx, id, Build.SUCCEEDED, buildpack, slugId, null);
    }

    public static boolean fail(Connection tx, UUID id, String reason) throws SQLException {
        return end(tx, id, Build.FAILED, null, null, reason);
    }

    private static boolean end(Connection tx, UUID id, String status, String buildpack, String slugId, String reason)
            throws SQLException {
        try (PreparedStatement s = tx.prepareStatement("""
                UPDATE build SET status = ?, buildpack = COALESCE(?, buildpack), slug_id = ?, failure_reason = ?,
                  updated_at = ? WHERE id = ? AND status = 'pending'""")) {
            s.setString(1, status);
            s.setString(2, buildpack);
            s.setString(3, slugId);
            s.setString(4, reason);
            s.setTimestamp(5, Timestamp.from(Instant.now()));
            s.setObject(6, id);
            return s.executeUpdate() == 1;
        }
    }

    public static void addLine(Connection tx, UUID buildId, long seq, String line) throws SQLException {
        try (PreparedStatement s = tx.prepareStatement(
                "INSERT INTO build_line (build_id, seq, line) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
            s.setObject(1, buildId);
            s.setLong(2, seq);
            s.setString(3, line);
            s.executeUpdate();
        }
    }

    public static long lastSeq(Connection c, UUID buildId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT COALESCE(MAX(seq), 0) FROM build_line WHERE build_id = ?")) {
            s.setObject(1, buildId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Up to 1,000 lines after {@code afterSeq}, in order (a reader asks again for more). */
    public static List<String> lines(Connection c, UUID buildId, long afterSeq) throws SQLException {
        List<String> lines = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(
                "SELECT line FROM build_line WHERE build_id = ? AND seq > ? ORDER BY seq LIMIT 1000")) {
            s.setObject(1, buildId);
            s.setLong(2, afterSeq);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    lines.add(rs.getString(1));
                }
            }
        }
        return lines;
    }

    /** Ended builds beyond each app's newest {@code keep} whose lines are still stored; at most {@code limit}. */
    public static List<UUID> outputToPrune(Connection c, int keep, int limit) throws SQLException {
        List<UUID> ids = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("""
                SELECT id FROM (
                  SELECT id, status, output_pruned,
                         row_number() OVER (PARTITION BY app_id ORDER BY created_at DESC, id DESC) AS newest
                  FROM build) ranked
                WHERE newest > ? AND status <> 'pending' AND NOT output_pruned
                LIMIT ?""")) {
            s.setInt(1, keep);
            s.setInt(2, limit);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getObject(1, UUID.class));
                }
            }
        }
        return ids;
    }

    public static void pruneOutput(Connection tx, List<UUID> buildIds) throws SQLException {
        if (buildIds.isEmpty()) {
            return;
        }
        java.sql.Array ids = tx.createArrayOf("uuid", buildIds.toArray());
        for (String sql : List.of("DELETE FROM build_line WHERE build_id = ANY (?)",
                "UPDATE build SET output_pruned = true WHERE id = ANY (?)")) {
            try (PreparedStatement s = tx.prepareStatement(sql)) {
                s.setArray(1, ids);
                s.executeUpdate();
            }
        }
    }

    public static boolean outputPruned(Connection c, UUID buildId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT output_pruned FROM build WHERE id = ?")) {
            s.setObject(1, buildId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    private static List<Build> query(Connection c, String sql, Object... params) throws SQLException {
        List<Build> builds = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    builds.add(new Build(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                            rs.getObject(3, UUID.class), rs.getString(4), rs.getString(5), rs.getObject(6, UUID.class),
                            rs.getString(7), rs.getString(8), List.of((String[]) rs.getArray(9).getArray()),
                            rs.getString(10), rs.getString(11), rs.getString(12),
                            rs.getTimestamp(13).toInstant(), rs.getTimestamp(14).toInstant()));
                }
            }
        }
        return builds;
    }
}
