package dev.slipway.dyno.persistence;

import dev.slipway.dyno.domain.Dyno;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Dyno rows: the actual state. */
@ApplicationScoped
public class DynoRepository {
    private static final String COLUMNS = "id, app_id, app_name, name, type, release_id, release_version, state, host, "
            + "port, pid, command, size, restarts, created_at, updated_at";

    public void insert(Connection tx, Dyno d) throws SQLException {
        try (PreparedStatement s = tx.prepareStatement("INSERT INTO dyno (" + COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now(), now())")) {
            s.setObject(1, d.id());
            s.setObject(2, d.appId());
            s.setString(3, d.appName());
            s.setString(4, d.name());
            s.setString(5, d.type());
            s.setObject(6, d.releaseId());
            s.setInt(7, d.releaseVersion());
            s.setString(8, d.state());
            s.setString(9, d.host());
            setInt(s, 10, d.port());
            setLong(s, 11, d.pid());
            s.setString(12, d.command());
            s.setString(13, d.size());
            s.setInt(14, d.restarts());
            s.executeUpdate();
        }
    }

    public void updateState(Connection tx, UUID id, String state) throws SQLException {
        try (PreparedStatement s = tx.prepareStatement("UPDATE dyno SET state = ?, updated_at = now() WHERE id = ?")) {
            s.setString(1, state);
            s.setObject(2, id);
            s.executeUpdate();
        }
    }

    /** A crashed or stopped dyno starts again in place: same id and name, one more restart. */
    public void restart(Connection tx, UUID id, int restarts) throws SQLException {
        try (PreparedStatement s = tx.prepareStatement("""
                UPDATE dyno SET state = 'starting', restarts = ?, pid = NULL, port = NULL, updated_at = now()
                WHERE id = ?""")) {
            s.setInt(1, restarts);
            s.setObject(2, id);
            s.executeUpdate();
        }
    }

    public void launched(Connection tx, UUID id, long pid, String host, int port) throws SQLException {
        try (PreparedStatement s = tx.prepareStatement(
                "UPDATE dyno SET pid = ?, host = ?, port = ?, updated_at = now() WHERE id = ?")) {
            s.setLong(1, pid);
            s.setString(2, host);
            s.setInt(3, port);
            s.setObject(4, id);
            s.executeUpdate();
        }
    }

    public void delete(Connection tx, UUID id) throws SQLException {
        try (PreparedStatement s = tx.prepareStatement("DELETE FROM dyno WHERE id = ?")) {
            s.setObject(1, id);
            s.executeUpdate();
        }
    }

    public Dyno find(Connection c, UUID id) throws SQLException {
        List<Dyno> found = query(c, "SELECT " + COLUMNS + " FROM dyno WHERE id = ?", id);
        return found.isEmpty() ? null : found.getFirst();
    }

    public List<Dyno> list(Connection c, UUID appId) throws SQLException {
        return query(c, "SELECT " + COLUMNS + " FROM dyno WHERE app_id = ? ORDER BY type, name, release_version", appId);
    }

    public List<Dyno> all(Connection c) throws SQLException {
        return query(c, "SELECT " + COLUMNS + " FROM dyno", null);
    }

    private static List<Dyno> query(Connection c, String sql, UUID param) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(sql)) {
            if (param != null) {
                q.setObject(1, param);
            }
            List<Dyno> out = new ArrayList<>();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.add(new Dyno(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
                            rs.getString(4), rs.getString(5), rs.getObject(6, UUID.class), rs.getInt(7),
                            rs.getString(8), rs.getString(9), (Integer) rs.getObject(10), (Long) rs.getObject(11),
                            rs.getString(12), rs.getString(13), rs.getInt(14), rs.getTimestamp(15).toInstant(),
                            rs.getTimestamp(16).toInstant()));
                }
            }
            return out;
        }
    }

    private static void setInt(PreparedStatement s, int i, Integer v) throws SQLException {
        if (v == null) {
            s.setNull(i, Types.INTEGER);
        } else {
            s.setInt(i, v);
        }
    }

    private static void setLong(PreparedStatement s, int i, Long v) throws SQLException {
        if (v == null) {
            s.setNull(i, Types.BIGINT);
        } else {
            s.setLong(i, v);
        }
    }
}
