package dev.slipway.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Db#readSnapshot}: two queries see one snapshot even when a commit lands between them, it
 * cannot write. Real PostgreSQL from devstack.
 */
class DbSnapshotTest {
    private Db db;

    @BeforeEach
    void start() {
        db = new Db(KitDatabase.fresh());
        db.inTransaction(c -> update(c, "CREATE TABLE item (n int)"));
        db.inTransaction(c -> update(c, "INSERT INTO item VALUES (1)"));
    }

    @Test
    void queriesAgreeAcrossACommitInBetween() {
        long[] seen = db.readSnapshot(c -> {
            long before = count(c);
            db.inTransaction(other -> update(other, "INSERT INTO item VALUES (2)"));
            return new long[] {before, count(c)};
        });
        assertEquals(1, seen[0]);
        assertEquals(1, seen[1], "the second query must not see the commit made after the first");
        assertEquals(2L, (long) db.read(DbSnapshotTest::count), "a later read sees it");
    }

    @Test
    void writesNothing() {
        assertThrows(Db.DbException.class, () -> db.readSnapshot(c -> update(c, "INSERT INTO item VALUES (3)")));
        assertEquals(1L, (long) db.read(DbSnapshotTest::count));
    }

    private static long count(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM item")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static int update(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            return s.executeUpdate(sql);
        }
    }
}
