package dev.slipway.kit;

import java.sql.Connection;
import java.sql.SQLException;

/** A piece of JDBC work run inside a transaction that {@link Db} opens and closes. */
@FunctionalInterface
public interface SqlWork<T> {
    T run(Connection tx) throws SQLException;
}
