package dev.slipway.release.persistence;

import dev.slipway.events.RuntimeLayersJson;
import dev.slipway.kit.JsonMaps;
import dev.slipway.release.domain.Release;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class ReleaseRepository {
    private static final String COLUMNS = "id, app_id, version, slug_id, slug_url, process_types::text, config_vars::text,"
            + " description, commit, push_id, user_id, user_email, created_at, status, output_token, layers::text";

    /** The next version; only safe while the app's row is locked (see AppRepository#lock). */
    public int nextVersion(Connection tx, UUID appId) throws SQLException {
        try (PreparedStatement s = tx.prepareStatement("SELECT coalesce(max(version), 0) + 1 FROM release WHERE app_id = ?")) {
            s.setObject(1, appId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    public void insert(Connection tx, Release r) throws SQLException {
        try (PreparedStatement s = tx.prepareStatement("INSERT INTO release (" + COLUMNS.replace("::text", "")
                + ") VALUES (?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)")) {
            s.setObject(1, r.id());
            s.setObject(2, r.appId());
            s.setInt(3, r.version());
            s.setString(4, r.slugId());
            s.setString(5, r.slugUrl());
            s.setString(6, JsonMaps.write(r.processTypes()));
            s.setString(7, JsonMaps.write(r.configVars()));
            s.setString(8, r.description());
            s.setString(9, r.commit());
            s.setObject(10, r.pushId());
            s.setObject(11, r.userId());
            s.setString(12, r.userEmail());
            s.setObject(13, OffsetDateTime.ofInstant(r.createdAt(), ZoneOffset.UTC));
            s.setString(14, r.status());
            s.setString(15, r.outputToken());
            s.setString(16, RuntimeLayersJson.write(r.layers()));
            s.executeUpdate();
        }
    }

    public Optional<Release> latest(Connection c, UUID appId) throws SQLException {
        return one(c, "SELECT " + COLUMNS + " FROM release WHERE app_id = ? ORDER BY version DESC LIMIT 1", appId);
    }

    /** The newest release that went live (its release phase succeeded, or it had none). */
    public Optional<Release> latestSucceeded(Connection c, UUID appId) throws SQLException {
        return one(c, "SELECT " + COLUMNS + " FROM release WHERE app_id = ? AND status = 'succeeded'"
                + " ORDER BY version DESC LIMIT 1", appId);
    }

    public Optional<Release> byOutputToken(Connection c, String token) throws SQLException {
        return one(c, "SELECT " + COLUMNS + " FROM release WHERE output_token = ?", token);
    }

    /** Ends a pending release's phase; false when the release is unknown or no longer pending (a redelivery). */
    public boolean finish(Connection tx, UUID releaseId, String status) throws SQLException {
        try (PreparedStatement s = tx.prepareStatement(
                "UPDATE release SET status = ? WHERE id = ? AND status = 'pending'")) {
            s.setString(1, status);
            s.setObject(2, releaseId);
            return s.executeUpdate() == 1;
        }
    }

    public Optional<Release> byIdOnly(Connection c, UUID id) throws SQLException {
        return one(c, "SELECT " + COLUMNS + " FROM release WHERE id = ?", id);
    }

    public Optional<Release> byId(Connection c, UUID appId, UUID id) throws SQLException {
        return one(c, "SELECT " + COLUMNS + " FROM release WHERE app_id = ? AND id = ?", appId, id);
    }

    public Optional<Release> byVersion(Connection c, UUID appId, int version) throws SQLException {
        return one(c, "SELECT " + COLUMNS + " FROM release WHERE app_id = ? AND version = ?", appId, version);
    }

    /** Releases with versions in [from, to] (inclusive, either may be null), in version order, at most limit. */
    public List<Release> list(Connection c, UUID appId, Long from, Long to, boolean descending, int limit)
            throws SQLException {
        String sql = "SELECT " + COLUMNS + " FROM release WHERE app_id = ? AND version >= ? AND version <= ?"
                + " ORDER BY version " + (descending ? "DESC" : "ASC") + " LIMIT ?";
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, appId);
            s.setLong(2, from == null ? Long.MIN_VALUE : from);
            s.setLong(3, to == null ? Long.MAX_VALUE : to);
            s.setInt(4, limit);
            try (ResultSet rs = s.executeQuery()) {
                List<Release> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(map(rs));
                }
                return out;
            }
        }
    }

    private Optional<Release> one(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(map(rs)) : Optional.empty();
            }
        }
    }

    private static Release map(ResultSet rs) throws SQLException {
        return new Release(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getInt(3), rs.getString(4),
                rs.getString(5), JsonMaps.read(rs.getString(6)), JsonMaps.read(rs.getString(7)), rs.getString(8),
                rs.getString(9), rs.getObject(10, UUID.class), rs.getObject(11, UUID.class), rs.getString(12),
                rs.getObject(13, OffsetDateTime.class).toInstant(), rs.getString(14), rs.getString(15),
                RuntimeLayersJson.read(rs.getString(16)));
    }
}
