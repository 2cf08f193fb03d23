package dev.slipway.dyno.persistence;

import dev.slipway.dyno.domain.LogFilter;
import dev.slipway.dyno.domain.StoredLine;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

/** The app's recent log lines. */
@ApplicationScoped
public class LogLineRepository {
    /** Heroku keeps the 1,500 most recent lines of an app. */
    public static final int KEPT_PER_APP = 1500;

    public StoredLine insert(Connection tx, UUID appId, Instant when, String source, String process, String message)
            throws SQLException {
        // PostgreSQL keeps microseconds: the line streamed live must read as the stored one does
        Instant at = when.truncatedTo(ChronoUnit.MICROS);
        try (PreparedStatement s = tx.prepareStatement(
                "INSERT INTO log_line (app_id, at, source, process, message) VALUES (?, ?, ?, ?, ?) RETURNING id")) {
            s.setObject(1, appId);
            s.setTimestamp(2, Timestamp.from(at));
            s.setString(3, source);
            s.setString(4, process);
            s.setString(5, message);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return new StoredLine(rs.getLong(1), appId, at, source, process, message);
            }
        }
    }

    /** Keeps the app's newest {@link #KEPT_PER_APP} lines. */
    public void prune(Connection tx, UUID appId) throws SQLException {
        try (PreparedStatement s = tx.prepareStatement("""
                DELETE FROM log_line WHERE app_id = ? AND id <= (
                  SELECT id FROM log_line WHERE app_id = ? ORDER BY id DESC OFFSET ? LIMIT 1)""")) {
            s.setObject(1, appId);
            s.setObject(2, appId);
            s.setInt(3, KEPT_PER_APP);
            s.executeUpdate();
        }
    }

    /**
     * Heroku's lines expire after a week, whatever their number: this also takes the lines of an
     * app deleted while some of its lines were still on their way. By arrival ({@code stored_at}),
     * not by the producer's stamp.
     */
    public int expire(Connection tx, Duration keep) throws SQLException {
        try (PreparedStatement s = tx.prepareStatement("DELETE FROM log_line WHERE stored_at < now() - ?::interval")) {
            s.setString(1, keep.toSeconds() + " seconds");
            return s.executeUpdate();
        }
    }

    public void deleteApp(Connection tx, UUID appId) throws SQLException {
        try (PreparedStatement s = tx.prepareStatement("DELETE FROM log_line WHERE app_id = ?")) {
            s.setObject(1, appId);
            s.executeUpdate();
        }
    }

    /** The newest {@code count} lines that pass the filter, oldest first. */
    public List<StoredLine> last(Connection c, UUID appId, LogFilter filter, int count) throws SQLException {
        List<StoredLine> out = query(c, appId, filter, "", 0, "ORDER BY id DESC LIMIT ?", count);
        Collections.reverse(out);
        return out;
    }

    /** Lines after {@code afterId} that pass the filter, oldest first (a tail picking up where it was). */
    public List<StoredLine> after(Connection c, UUID appId, LogFilter filter, long afterId) throws SQLException {
        return query(c, appId, filter, " AND id > ?", afterId, "ORDER BY id LIMIT ?", KEPT_PER_APP);
    }

    private static List<StoredLine> query(Connection c, UUID appId, LogFilter filter, String idClause, long id,
                                          String order, int limit) throws SQLException {
        StringBuilder sql = new StringBuilder(
                "SELECT id, at, source, process, message FROM log_line WHERE app_id = ?").append(idClause);
        if (filter.source() != null) {
            sql.append(" AND source = ?");
        }
        if (filter.dyno() != null) {
            // a dyno name, or a process type: web matches web.1 (left(), not LIKE, so no escaping)
            sql.append(" AND (process = ? OR left(process, ?) = ?)");
        }
        sql.append(' ').append(order);
        try (PreparedStatement q = c.prepareStatement(sql.toString())) {
            int i = 1;
            q.setObject(i++, appId);
            if (!idClause.isEmpty()) {
                q.setLong(i++, id);
            }
            if (filter.source() != null) {
                q.setString(i++, filter.source());
            }
            if (filter.dyno() != null) {
                q.setString(i++, filter.dyno());
                q.setInt(i++, filter.dyno().length() + 1);
                q.setString(i++, filter.dyno() + ".");
            }
            q.setInt(i, limit);
            List<StoredLine> out = new ArrayList<>();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.add(new StoredLine(rs.getLong(1), appId, rs.getTimestamp(2).toInstant(), rs.getString(3),
                            rs.getString(4), rs.getString(5)));
                }
            }
            return out;
        }
    }
}
