package dev.slipway.addon;

import dev.slipway.devstack.Devstack;
import dev.slipway.devstack.PostgresServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;

/**
 * A real tenant-data PostgreSQL for addon-service under test, set up as devstack sets up a
 * platform's ({@code sameuser} in pg_hba, the superuser from the admin's address only), on
 * loopback (no network namespace: nothing here runs a dyno), in a throw-away directory; with
 * PostgreSQL 17's client tools from {@code bin/pg-client-17} (fetched once into its cache) and a
 * bound of two backups per app.
 */
public class TenantClusterResource implements QuarkusTestResourceLifecycleManager {
    private static PostgresServer server;

    @Override
    public Map<String, String> start() {
        Path dir = Devstack.shared().newDirectory("tenant-");
        server = PostgresServer.tenantDataOnLoopback(dir.resolve("data"), dir.resolve("tenant.log")).start();
        return Map.of("slipway.addons.postgres.url", server.adminUrl(),
                "slipway.addons.postgres.public-host", "127.0.0.1",
                "slipway.addons.postgres.client-bin", pgClient().resolve("bin").toString(),
                "slipway.addons.backups.dir", dir.resolve("backups").toString(),
                "slipway.addons.backups.max-per-app", "2");
    }

    /** The cache folder {@code bin/pg-client-17} fills (at once when it is complete). */
    private static Path pgClient() {
        try {
            Process p = new ProcessBuilder("bin/pg-client-17").redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (p.waitFor() != 0) {
                throw new IllegalStateException("bin/pg-client-17 failed (exit " + p.exitValue() + ")");
            }
            return Path.of(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }

    static boolean databaseExists(String name) throws SQLException {
        try (Connection c = server.adminConnection();
             PreparedStatement q = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            q.setString(1, name);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next();
            }
        }
    }
}
