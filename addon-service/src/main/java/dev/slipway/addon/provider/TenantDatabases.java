package dev.slipway.addon.provider;

import dev.slipway.addon.config.AddonSettings;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The provider side of Heroku Postgres: databases on the tenant-data cluster (never the platform's
 * own PostgreSQL), one per add-on, each owned by a login role of the same name with a random
 * password. {@code CONNECT} on the database is revoked from {@code PUBLIC}, so one add-on's
 * credentials open no other database; on devstack's cluster {@code pg_hba.conf} says the same
 * ({@code sameuser}). A superuser connection per operation: provisioning is rare.
 */
@ApplicationScoped
public class TenantDatabases {
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z][a-z0-9_]{1,62}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final AddonSettings settings;

    TenantDatabases(AddonSettings settings) {
        this.settings = settings;
    }

    /** A new database name (also its role's): {@code d} and 16 hex digits, unguessable and a plain identifier. */
    public static String newProviderId() {
        return "d" + HexFormat.of().formatHex(randomBytes(8));
    }

    /** A provisioned database: its owner role's password and the URL dynos use. */
    public record Provisioned(String password, String url) {}

    /**
     * Creates the role and its database; the URL is {@code postgres://ID:PASSWORD@HOST:PORT/ID}.
     * Safe to call again with the same id (the password is reset).
     */
    public Provisioned create(String providerId, int connectionLimit) throws SQLException {
        requireIdentifier(providerId);
        String password = HexFormat.of().formatHex(randomBytes(24)); // hex: nothing to escape in SQL or in a URL
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + providerId + "') THEN "
                    + "CREATE ROLE " + providerId + " LOGIN; END IF; END $$");
            s.execute("ALTER ROLE " + providerId + " WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION"
                    + " NOBYPASSRLS CONNECTION LIMIT " + connectionLimit + " PASSWORD '" + password + "'");
            if (!exists(s, providerId)) {
                s.execute("CREATE DATABASE " + providerId + " OWNER " + providerId + " ENCODING 'UTF8' TEMPLATE template0");
            }
            s.execute("REVOKE ALL ON DATABASE " + providerId + " FROM PUBLIC");
            s.execute("GRANT CONNECT, TEMPORARY ON DATABASE " + providerId + " TO " + providerId);
        }
        return new Provisioned(password, url(providerId, password));
    }

    /** The add-on's URL as dynos reach the cluster. */
    public String url(String providerId, String password) {
        return "postgres://" + providerId + ":" + password + "@" + settings.publicAuthority() + "/" + providerId;
    }

    /** What {@code pg:info} shows of a database, read live from the cluster. */
    public record Stats(String serverVersion, int connections, long bytes, int tables) {}

    public Stats stats(String providerId) throws SQLException {
        requireIdentifier(providerId);
        try (Connection c = admin(); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT current_setting('server_version'), (SELECT count(*) FROM pg_stat_activity"
                     + " WHERE datname = '" + providerId + "'), pg_database_size('" + providerId + "')")) {
            rs.next();
            return new Stats(rs.getString(1), rs.getInt(2), rs.getLong(3), tables(providerId));
        }
    }

    /** The user tables of the add-on's database: counted inside it, as its owner sees them. */
    private int tables(String providerId) throws SQLException {
        String url = settings.adminJdbcUrl().replaceFirst("/[^/]*$", "/" + providerId);
        try (Connection c = DriverManager.getConnection(url, settings.adminUser(), settings.adminPassword());
             Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT count(*) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** A plan change: the role's connection limit. */
    public void resize(String providerId, int connectionLimit) throws SQLException {
        requireIdentifier(providerId);
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute("ALTER ROLE " + providerId + " CONNECTION LIMIT " + connectionLimit);
        }
    }

    /** Drops the database (its sessions ended first) and the role; what is already gone is fine. */
    public void drop(String providerId) throws SQLException {
        requireIdentifier(providerId);
        try (Connection c = admin(); Statement s = c.createStatement()) {
            for (String sql : List.of("DROP DATABASE IF EXISTS " + providerId + " WITH (FORCE)",
                    "DROP ROLE IF EXISTS " + providerId)) {
                s.execute(sql);
            }
        }
    }

    /** Whether the database exists: for tests and the operator. */
    public boolean exists(String providerId) throws SQLException {
        requireIdentifier(providerId);
        try (Connection c = admin(); Statement s = c.createStatement()) {
            return exists(s, providerId);
        }
    }

    private static boolean exists(Statement s, String database) throws SQLException {
        try (var rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database + "'")) {
            return rs.next();
        }
    }

    private Connection admin() throws SQLException {
        return DriverManager.getConnection(settings.adminJdbcUrl(), settings.adminUser(), settings.adminPassword());
    }

    private static void requireIdentifier(String name) {
        if (name == null || !IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException("not a provider id: " + name);
        }
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
