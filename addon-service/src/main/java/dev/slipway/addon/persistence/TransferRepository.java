package dev.slipway.addon.persistence;

import dev.slipway.addon.domain.Transfer;
import dev.slipway.addon.domain.TransferState;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Transfers (backups and restores) of apps, numbered per app. */
@ApplicationScoped
public class TransferRepository {
    private static final String TRANSFERS = """
            SELECT id, app_id, num, kind, addon_id, addon_name, source_backup_id, state, bytes, message, created_at,
                   started_at, finished_at
            FROM addon_transfer""";

    /** A new pending transfer with the app's next number; the caller holds the app's lock. */
    public Transfer insert(Connection tx, UUID appId, Transfer.Kind kind, UUID addonId, String addonName,
                           UUID sourceBackupId) throws SQLException {
        UUID id = UUID.randomUUID();
        try (PreparedStatement q = tx.prepareStatement("""
                INSERT INTO addon_transfer (id, app_id, num, kind, addon_id, addon_name, source_backup_id, state)
                VALUES (?, ?, (SELECT coalesce(max(num), 0) + 1 FROM addon_transfer WHERE app_id = ?), ?, ?, ?, ?, ?)""")) {
            q.setObject(1, id);
            q.setObject(2, appId);
            q.setObject(3, appId);
            q.setString(4, kind.name());
            q.setObject(5, addonId);
            q.setString(6, addonName);
            q.setObject(7, sourceBackupId);
            q.setString(8, TransferState.PENDING.name());
            q.executeUpdate();
        }
        return find(tx, id).orElseThrow();
    }

    public Optional<Transfer> find(Connection c, UUID id) throws SQLException {
        return one(c, TRANSFERS + " WHERE id = ?", q -> q.setObject(1, id));
    }

    public Optional<Transfer> findByNum(Connection c, UUID appId, int num) throws SQLException {
        return one(c, TRANSFERS + " WHERE app_id = ? AND num = ?", q -> {
            q.setObject(1, appId);
            q.setInt(2, num);
        });
    }

    public List<Transfer> ofApp(Connection c, UUID appId) throws SQLException {
        return list(c, TRANSFERS + " WHERE app_id = ? ORDER BY num", q -> q.setObject(1, appId));
    }

    /** The app's finished backups beyond the newest {@code keep}: what a capture rotates out. */
    public List<Transfer> backupsBeyond(Connection c, UUID appId, int keep) throws SQLException {
        return list(c, TRANSFERS + " WHERE app_id = ? AND kind = 'BACKUP' AND state IN ('SUCCEEDED', 'FAILED')"
                + " ORDER BY num DESC OFFSET ?", q -> {
                    q.setObject(1, appId);
                    q.setInt(2, keep);
                });
    }

    public List<Transfer> unfinished(Connection c) throws SQLException {
        return list(c, TRANSFERS + " WHERE state IN ('PENDING', 'RUNNING') ORDER BY created_at", q -> {});
    }

    public void started(Connection tx, UUID id) throws SQLException {
        update(tx, "UPDATE addon_transfer SET state = 'RUNNING', started_at = now() WHERE id = ?", q -> q.setObject(1, id));
    }

    public void finished(Connection tx, UUID id, TransferState state, long bytes, String message) throws SQLException {
        update(tx, "UPDATE addon_transfer SET state = ?, bytes = ?, message = ?, finished_at = now(),"
                + " started_at = coalesce(started_at, now()) WHERE id = ?", q -> {
                    q.setString(1, state.name());
                    q.setLong(2, bytes);
                    q.setString(3, message);
                    q.setObject(4, id);
                });
    }

    public void delete(Connection tx, UUID id) throws SQLException {
        update(tx, "DELETE FROM addon_transfer WHERE id = ?", q -> q.setObject(1, id));
    }

    public void deleteAllOfApp(Connection tx, UUID appId) throws SQLException {
        update(tx, "DELETE FROM addon_transfer WHERE app_id = ?", q -> q.setObject(1, appId));
    }

    /** A download link: only the token's hash is kept, one link per backup (a new one replaces it). */
    public void setDownload(Connection tx, UUID id, String tokenSha256, Instant expiresAt) throws SQLException {
        update(tx, "UPDATE addon_transfer SET download_token_sha256 = ?, download_expires_at = ? WHERE id = ?", q -> {
            q.setString(1, tokenSha256);
            q.setTimestamp(2, Timestamp.from(expiresAt));
            q.setObject(3, id);
        });
    }

    /** The backup a download link names, while the link lasts. */
    public Optional<Transfer> findByDownload(Connection c, String tokenSha256) throws SQLException {
        return one(c, TRANSFERS + " WHERE download_token_sha256 = ? AND download_expires_at > now()",
                q -> q.setString(1, tokenSha256));
    }

    private interface Binder {
        void bind(PreparedStatement q) throws SQLException;
    }

    private static void update(Connection tx, String sql, Binder binder) throws SQLException {
        try (PreparedStatement q = tx.prepareStatement(sql)) {
            binder.bind(q);
            q.executeUpdate();
        }
    }

    private static Optional<Transfer> one(Connection c, String sql, Binder binder) throws SQLException {
        return list(c, sql, binder).stream().findFirst();
    }

    private static List<Transfer> list(Connection c, String sql, Binder binder) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(sql)) {
            binder.bind(q);
            try (ResultSet rs = q.executeQuery()) {
                List<Transfer> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(new Transfer(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getInt(3),
                            Transfer.Kind.valueOf(rs.getString(4)), rs.getObject(5, UUID.class), rs.getString(6),
                            rs.getObject(7, UUID.class), TransferState.valueOf(rs.getString(8)), rs.getLong(9),
                            rs.getString(10), instant(rs.getTimestamp(11)), instant(rs.getTimestamp(12)),
                            instant(rs.getTimestamp(13))));
                }
                return rows;
            }
        }
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
