package dev.slipway.kit;

import java.sql.SQLException;

/**
 * Tells an outage of PostgreSQL itself from a failure of one record. A record that fails while the
 * database is down is not at fault and must wait, never be dead-lettered; a record that fails while
 * the database answers (a data or constraint error such as {@code unsupported Unicode escape
 * sequence}, a handler's exception) is.
 */
final class DatabaseOutage {
    private DatabaseOutage() {}

    /**
     * True for failures that say the database, not the record, is the problem: SQLSTATE classes 08
     * (connection), 53 (insufficient resources: disk full, too many connections), 57P (shut down,
     * starting up), 58 (system I/O), 25006 (a read-only standby after a failover), and an
     * {@link SQLException} without a SQLSTATE (a pool that could not hand out a connection).
     */
    static boolean isOutage(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                if (state == null || state.startsWith("08") || state.startsWith("53") || state.startsWith("57P")
                        || state.startsWith("58") || state.equals("25006")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether the database answers a trivial query now: a fault that {@link #isOutage} cannot name. */
    static boolean databaseAnswers(Db db) {
        try {
            return db.read(c -> {
                try (var statement = c.createStatement()) {
                    statement.setQueryTimeout(5);
                    return statement.execute("SELECT 1");
                }
            });
        } catch (RuntimeException e) {
            return false;
        }
    }
}
