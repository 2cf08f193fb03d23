package dev.slipway.release.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The release command's output, line by line; a redelivered batch stores nothing twice. */
@ApplicationScoped
public class ReleaseOutputRepository {
    /** dyno-manager sends fewer (its own bound, plus its truncation line); a producer past this is cut here. */
    public static final int MAX_LINES = 2_100;

    public void append(Connection tx, UUID releaseId, int firstSeq, List<String> lines) throws SQLException {
        try (PreparedStatement s = tx.prepareStatement("INSERT INTO release_output (release_id, seq, line)"
                + " SELECT ?, ?, ? WHERE EXISTS (SELECT 1 FROM release WHERE id = ?) ON CONFLICT DO NOTHING")) {
            for (int i = 0; i < lines.size() && firstSeq + i < MAX_LINES; i++) {
                if (firstSeq + i < 0) {
                    continue;
                }
                s.setObject(1, releaseId);
                s.setInt(2, firstSeq + i);
                s.setString(3, lines.get(i));
                s.setObject(4, releaseId);
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    /** Lines with seq greater than {@code after}, in order, at most {@code limit}. */
    public List<Line> after(Connection c, UUID releaseId, int after, int limit) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT seq, line FROM release_output WHERE release_id = ? AND seq > ? ORDER BY seq LIMIT ?")) {
            s.setObject(1, releaseId);
            s.setInt(2, after);
            s.setInt(3, limit);
            try (ResultSet rs = s.executeQuery()) {
                List<Line> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new Line(rs.getInt(1), rs.getString(2)));
                }
                return out;
            }
        }
    }

    public record Line(int seq, String text) {}
}
