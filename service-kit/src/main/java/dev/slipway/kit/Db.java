package dev.slipway.kit;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Plain JDBC transactions. After every commit the outbox relay is woken, so an event written in
 * the transaction leaves for Kafka at once rather than at the next poll.
 */
public class Db {
    private final DataSource dataSource;
    private final List<Runnable> commitListeners = new ArrayList<>();

    public Db(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public void onCommit(Runnable listener) {
        commitListeners.add(listener);
    }

    public <T> T inTransaction(SqlWork<T> work) {
        return transact(work, true);
    }

    /** A transaction that wakes nobody: for the relay's own bookkeeping. */
    <T> T inTransactionQuietly(SqlWork<T> work) {
        return transact(work, false);
    }

    private <T> T transact(SqlWork<T> work, boolean notify) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            T result = commitOrRollBack(c, work);
            if (notify) {
                commitListeners.forEach(Runnable::run);
            }
            return result;
        } catch (SQLException e) {
            throw new DbException(e);
        }
    }

    /** Reads in autocommit mode: for queries that change nothing. */
    public <T> T read(SqlWork<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            return work.run(c);
        } catch (SQLException e) {
            throw new DbException(e);
        }
    }

    /**
     * Reads in one read-only REPEATABLE READ transaction: every query sees the same snapshot, so
     * queries whose answers must agree (a list and its newest row) cannot straddle a commit.
     */
    public <T> T readSnapshot(SqlWork<T> work) {
        try (Connection c = dataSource.getConnection()) {
            int isolation = c.getTransactionIsolation();
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setReadOnly(true);
            try {
                return commitOrRollBack(c, work);
            } finally {
                c.setReadOnly(false);
                c.setTransactionIsolation(isolation);
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new DbException(e);
        }
    }

    private static <T> T commitOrRollBack(Connection c, SqlWork<T> work) throws SQLException {
        try {
            T result = work.run(c);
            c.commit();
            return result;
        } catch (RuntimeException | SQLException | Error e) {
            c.rollback();
            throw e;
        }
    }

    public static final class DbException extends RuntimeException {
        public DbException(SQLException cause) {
            super(cause.getMessage(), cause);
        }

        /** PostgreSQL's SQLSTATE for the failure, e.g. 23505 for a unique violation. */
        public String sqlState() {
            return ((SQLException) getCause()).getSQLState();
        }
    }
}
