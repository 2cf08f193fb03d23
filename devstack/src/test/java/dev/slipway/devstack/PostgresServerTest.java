package dev.slipway.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real: PostgreSQL 17 from zonky's binaries, started and stopped by PostgresServer in a JUnit temp
 * directory, and the PostgreSQL JDBC driver. Faked: nothing.
 */
class PostgresServerTest {
    @TempDir
    static Path dir;
    static PostgresServer server;

    @BeforeAll
    static void start() {
        server = new PostgresServer(dir.resolve("postgres"), 0, dir.resolve("postgres.log"), true).start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @Test
    void keepsItsDataAcrossStopAndStart() throws SQLException {
        try (Connection admin = server.adminConnection(); Statement sql = admin.createStatement()) {
            sql.execute("CREATE TABLE survivor (name text)");
            sql.execute("INSERT INTO survivor VALUES ('still here')");
        }

        server.stop();
        server.start();

        try (Connection admin = server.adminConnection(); Statement sql = admin.createStatement();
                ResultSet rows = sql.executeQuery("SELECT name FROM survivor")) {
            assertTrue(rows.next());
            assertEquals("still here", rows.getString(1));
        }
    }

    @Test
    void aServiceRoleWorksInItsOwnSchemaOnly() throws SQLException {
        server.provisionService("alpha", "slipway_alpha", "alpha-secret");
        server.provisionService("beta", "slipway_beta", "beta-secret");

        try (Connection alpha = connect("slipway_alpha", "alpha-secret"); Statement sql = alpha.createStatement()) {
            sql.execute("CREATE TABLE things (id int)"); // unqualified: search_path is the role's schema
            sql.execute("INSERT INTO things VALUES (1)");
            assertEquals("alpha", single(sql, "SELECT current_schema()"));
            assertEquals("1", single(sql, "SELECT count(*) FROM alpha.things"));
        }
        try (Connection beta = connect("slipway_beta", "beta-secret"); Statement sql = beta.createStatement()) {
            assertPermissionDenied(() -> sql.executeQuery("SELECT * FROM alpha.things"));
            assertPermissionDenied(() -> sql.execute("CREATE TABLE public.intruder (id int)"));
            assertPermissionDenied(() -> sql.execute("CREATE TEMP TABLE scratch (id int)"));
        }
    }

    @Test
    void provisioningAgainResetsThePasswordAndKeepsTheData() throws SQLException {
        server.provisionService("gamma", "slipway_gamma", "first");
        try (Connection gamma = connect("slipway_gamma", "first"); Statement sql = gamma.createStatement()) {
            sql.execute("CREATE TABLE kept (id int)");
        }

        server.provisionService("gamma", "slipway_gamma", "second");

        assertThrows(SQLException.class, () -> connect("slipway_gamma", "first").close());
        try (Connection gamma = connect("slipway_gamma", "second"); Statement sql = gamma.createStatement()) {
            assertEquals("0", single(sql, "SELECT count(*) FROM kept"));
        }
    }

    @Test
    void refusesAWrongPasswordEvenForTheSuperuser() {
        assertThrows(SQLException.class, () -> connect(PostgresServer.SUPERUSER, "guess").close());
    }

    private static Connection connect(String user, String password) throws SQLException {
        return DriverManager.getConnection(server.jdbcUrl(), user, password);
    }

    private static String single(Statement sql, String query) throws SQLException {
        try (ResultSet rows = sql.executeQuery(query)) {
            rows.next();
            return rows.getString(1);
        }
    }

    private static void assertPermissionDenied(SqlAction action) {
        SQLException e = assertThrows(SQLException.class, action::run);
        assertEquals("42501", e.getSQLState(), e.getMessage()); // insufficient_privilege
    }

    private interface SqlAction {
        void run() throws SQLException;
    }
}
