package dev.slipway.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.Base64;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A real PostgreSQL 17 server on 127.0.0.1 whose data directory outlives it: stop and start again
 * and the data is there. It holds database {@value #DATABASE}, and {@link #provisionService}
 * gives each service its own schema and login role.
 *
 * <p>Password authentication (scram) on TCP, because dynos run on the same host: a trust setup
 * would let any app log in as the superuser. The superuser's password is generated at initdb and
 * kept in the data directory.
 */
public final class PostgresServer {
    public static final String DATABASE = "slipway";
    static final String SUPERUSER = "postgres";
    private static final String PASSWORD_FILE = "slipway-superuser.password";
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private final Path dataDir;
    private final Path logFile;
    private final boolean durable;
    private final int port;
    private final boolean tenantData;
    private final TenantNetwork tenantNetwork;
    private final String host;
    private String superuserPassword;
    private boolean running;

    /**
     * @param port    0 for a free one, chosen now and kept across restarts of this object
     * @param durable false trades crash safety for speed (fsync off): for throw-away test data
     */
    public PostgresServer(Path dataDir, int port, Path logFile, boolean durable) {
        this(dataDir, Ports.orFree(port), logFile, durable, null, false);
    }

    private PostgresServer(Path dataDir, int port, Path logFile, boolean durable, TenantNetwork tenantNetwork,
                           boolean tenantData) {
        this.dataDir = dataDir.toAbsolutePath();
        this.logFile = logFile.toAbsolutePath();
        this.durable = durable;
        this.port = port;
        this.tenantNetwork = tenantNetwork;
        this.tenantData = tenantData;
        this.host = tenantNetwork == null ? "127.0.0.1" : tenantNetwork.clusterAddress();
    }

    /**
     * The cluster for tenant data (addon-service's Heroku Postgres databases), never the platform's
     * own. With a {@link TenantNetwork} it runs inside that network namespace, where dynos reach it
     * and nothing else of the platform; without one (not root: a single service's tests, a machine
     * whose dynos run unsandboxed) it listens on the host's loopback on a free port. Its
     * {@code pg_hba.conf} ({@link #tenantHba}) lets every role but the superuser only into the
     * database named like itself ({@code sameuser}), on top of the {@code REVOKE CONNECT ... FROM
     * PUBLIC} that addon-service gives each database.
     */
    static PostgresServer tenantData(Path dataDir, TenantNetwork network, int port, Path logFile, boolean durable) {
        return new PostgresServer(dataDir, network != null ? TenantNetwork.PORT : Ports.orFree(port), logFile, durable,
                network, true);
    }

    /** A tenant-data cluster on the host's loopback (a free port), for a service's tests. */
    public static PostgresServer tenantDataOnLoopback(Path dataDir, Path logFile) {
        return tenantData(dataDir, null, 0, logFile, false);
    }

    /** A durable server on a free port, logging next to its data directory. */
    public PostgresServer(Path dataDir) {
        this(dataDir, 0, dataDir.resolveSibling(dataDir.getFileName() + ".log"), true);
    }

    /** A handle on a server another part of this JVM started (see {@link Devstack}); it cannot stop it. */
    static PostgresServer attach(int port, String superuserPassword) {
        PostgresServer server = new PostgresServer(Path.of("/nonexistent"), port, Path.of("/nonexistent"), true);
        server.superuserPassword = superuserPassword;
        server.running = true;
        return server;
    }

    /** Initialises the data directory if it is new, starts the server, and creates the database if missing. */
    public synchronized PostgresServer start() {
        if (running) {
            return this;
        }
        try {
            Files.createDirectories(dataDir.getParent());
            if (!Files.exists(dataDir.resolve("PG_VERSION"))) {
                initdb();
            }
            superuserPassword = Files.readString(dataDir.resolve(PASSWORD_FILE)).strip();
            stopOrphan(dataDir, logFile);
            writeSettings();
        } catch (IOException e) {
            throw new UncheckedIOException("could not prepare " + dataDir, e);
        }
        List<String> pgCtlStart = PostgresBinaries.command("pg_ctl", "-D", dataDir.toString(),
                "-l", logFile.toString(), "-w", "-t", "60", "start");
        Processes.run(Processes.inOwnSession(tenantNetwork == null ? pgCtlStart : tenantNetwork.inside(pgCtlStart)),
                logFile, Duration.ofSeconds(90));
        running = true;
        createDatabaseIfMissing();
        return this;
    }

    /** A fast shutdown (clients are disconnected); the data directory stays. */
    public synchronized void stop() {
        if (!Files.isDirectory(dataDir)) {
            return;
        }
        if (running) {
            running = false;
            pgCtlStop(dataDir, logFile);
        } else {
            stopOrphan(dataDir, logFile); // a recovery that failed half-way may have left one running
        }
    }

    public int port() {
        return port;
    }

    /** Whether the postmaster of this data directory runs (its pid file names a live postgres). */
    synchronized boolean isServing() {
        try {
            long pid = Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).getFirst().strip());
            return running && Processes.isAlive(pid, "postgres");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Starts the server again after it died (its pid file is stale; PostgreSQL recovers from its WAL).
     * Waits first until the dead postmaster is reaped: a zombie still answers {@code kill -0}, and
     * PostgreSQL then refuses to start ("lock file already exists").
     */
    synchronized void recover() {
        running = false;
        try {
            long old = Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).getFirst().strip());
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (ProcessHandle.of(old).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        } catch (IOException | RuntimeException e) {
            // no readable pid file: nothing to wait for
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while PostgreSQL's old postmaster went away", e);
        }
        start();
    }

    /** The URL services use, without credentials: {@code jdbc:postgresql://127.0.0.1:PORT/slipway}. */
    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + DATABASE;
    }

    /** Where it listens: 127.0.0.1, or a tenant-data cluster's address in its network namespace. */
    public String host() {
        return host;
    }

    /**
     * The superuser's URL in libpq's form on database {@code postgres}
     * ({@code postgres://postgres:PASSWORD@127.0.0.1:PORT/postgres}): addon-service's
     * {@code SLIPWAY_ADDON_POSTGRES_URL} for a tenant-data cluster.
     */
    public String adminUrl() {
        return "postgres://" + SUPERUSER + ":" + superuserPassword + "@" + host + ":" + port + "/postgres";
    }

    /** The superuser's URL with its credentials, for tests and tools that need to look everywhere. */
    public String adminJdbcUrl() {
        return jdbcUrl() + "?user=" + SUPERUSER + "&password=" + superuserPassword;
    }

    /** A superuser connection to database {@value #DATABASE}. */
    public Connection adminConnection() throws SQLException {
        return connect(DATABASE);
    }

    String superuserPassword() {
        return superuserPassword;
    }

    /** {@link #provisionService(String, String, String)} with a fresh random password, which it returns. */
    public String provisionService(String schema, String role) {
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(24));
        provisionService(schema, role, password);
        return password;
    }

    /**
     * Makes {@code role} a login role with {@code password} (resetting it if the role exists), owning
     * schema {@code schema}, with its search_path set to it and no rights anywhere else: not on other
     * schemas (they belong to other roles and grant nothing), not on {@code public}, no temp tables.
     * Safe to call again.
     */
    public synchronized void provisionService(String schema, String role, String password) {
        requireIdentifier(schema);
        requireIdentifier(role);
        String secret = "'" + password.replace("'", "''") + "'";
        List<String> statements = List.of(
                "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + role + "') THEN "
                        + "CREATE ROLE " + role + " LOGIN; END IF; END $$",
                "ALTER ROLE " + role + " WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD " + secret,
                "CREATE SCHEMA IF NOT EXISTS " + schema + " AUTHORIZATION " + role,
                "ALTER SCHEMA " + schema + " OWNER TO " + role,
                "ALTER ROLE " + role + " SET search_path = " + schema,
                "REVOKE ALL ON SCHEMA public FROM PUBLIC",
                "REVOKE ALL ON DATABASE " + DATABASE + " FROM PUBLIC",
                "GRANT CONNECT ON DATABASE " + DATABASE + " TO " + role);
        try (Connection connection = adminConnection(); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not provision schema " + schema + " for role " + role, e);
        }
    }

    private void initdb() throws IOException {
        String password = HexFormat.of().formatHex(randomBytes(24));
        Path passwordFile = dataDir.resolveSibling(dataDir.getFileName() + ".initdb-password");
        Files.writeString(passwordFile, password);
        try {
            Processes.run(PostgresBinaries.command("initdb", "-D", dataDir.toString(), "-U", SUPERUSER,
                    "--pwfile=" + passwordFile, "--auth-host=scram-sha-256", "--auth-local=trust",
                    "-E", "UTF8", "--locale=C"), logFile, Duration.ofMinutes(2));
        } finally {
            Files.deleteIfExists(passwordFile);
        }
        Files.writeString(dataDir.resolve(PASSWORD_FILE), password);
        Files.writeString(dataDir.resolve("postgresql.conf"), "\ninclude_if_exists = 'slipway.conf'\n",
                StandardOpenOption.APPEND);
    }

    /** Rewritten on every start: the port may change between runs, the rest is how devstack wants it. */
    private void writeSettings() throws IOException {
        StringBuilder conf = new StringBuilder("# written by devstack on every start; edits are lost\n")
                .append("port = ").append(port).append('\n')
                .append("listen_addresses = '").append(host).append("'\n")
                .append("unix_socket_directories = ''\n")
                .append("max_connections = 300\n")
                .append("timezone = 'UTC'\n");
        if (!durable) {
            conf.append("fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n");
        }
        Files.writeString(dataDir.resolve("slipway.conf"), conf);
        if (tenantData) {
            Files.writeString(dataDir.resolve("pg_hba.conf"), tenantHba());
        }
    }

    /**
     * Read top down, first match wins: the superuser from where addon-service connects (the host's
     * loopback, or the host's end of the namespace's veth) only, a tenant role into its own database
     * only. Dynos' connections are masqueraded behind that same host end, so there the superuser's
     * wall is its password (48 random hex digits), as it is for the platform's own cluster.
     */
    private String tenantHba() {
        String admin = tenantNetwork == null ? "127.0.0.1/32" : tenantNetwork.hostAddress() + "/32";
        return "# written by devstack on every start; edits are lost\n"
                + "host  all       postgres  " + admin + "  scram-sha-256\n"
                + "host  all       postgres  0.0.0.0/0     reject\n"
                + "host  all       postgres  ::/0          reject\n"
                + "host  sameuser  all       0.0.0.0/0     scram-sha-256\n"
                + "host  sameuser  all       ::/0          scram-sha-256\n";
    }

    private void createDatabaseIfMissing() {
        try (Connection connection = connect("postgres"); Statement statement = connection.createStatement()) {
            var rows = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'");
            if (!rows.next()) {
                statement.execute("CREATE DATABASE " + DATABASE);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + DATABASE + " on port " + port, e);
        }
    }

    private Connection connect(String database) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/" + database,
                SUPERUSER, superuserPassword);
    }

    /**
     * Stops a server still running on {@code dataDir} from a JVM that died without stopping it; the
     * data directory is ours, so whatever runs on it is an orphan of ours.
     */
    static void stopOrphan(Path dataDir, Path logFile) {
        Path pidFile = dataDir.resolve("postmaster.pid");
        try {
            if (!Files.exists(pidFile)) {
                return;
            }
            long pid = Long.parseLong(Files.readAllLines(pidFile).getFirst().strip());
            if (Processes.isAlive(pid, "postgres")) {
                pgCtlStop(dataDir, logFile);
            }
        } catch (IOException | RuntimeException e) {
            // an unreadable or stale pid file: PostgreSQL itself decides at start whether it is stale
        }
    }

    private static void pgCtlStop(Path dataDir, Path logFile) {
        try {
            Processes.run(PostgresBinaries.command("pg_ctl", "-D", dataDir.toString(), "-m", "fast", "-w",
                    "-t", "30", "stop"), logFile, Duration.ofSeconds(45));
        } catch (IllegalStateException e) {
            Processes.run(PostgresBinaries.command("pg_ctl", "-D", dataDir.toString(), "-m", "immediate",
                    "-w", "stop"), logFile, Duration.ofSeconds(30));
        }
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    private static void requireIdentifier(String name) {
        if (!IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException("not a plain lower-case SQL identifier: " + name);
        }
    }
}
