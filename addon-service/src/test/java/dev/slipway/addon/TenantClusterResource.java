package dev.slipway.addon;

import dev.slipway.devstack.Devstack;
import dev.slipway.devstack.PostgresServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;

/**
 * A real tenant-data PostgreSQL for addon-service under test, set up as devstack sets up a
 * platform's ({@code sameuser} in pg_hba, the superuser from the admin's address only), on
 * loopback (no network namespace: nothing here runs a dyno), in a throw-away directory.
 */
public class TenantClusterResource implements QuarkusTestResourceLifecycleManager {
    private static PostgresServer server;

    @Override
    public Map<String, String> start() {
        Path dir = Devstack.shared().newDirectory("tenant-");
        server = PostgresServer.tenantDataOnLoopback(dir.resolve("data"), dir.resolve("tenant.log")).start();
        return Map.of("slipway.addons.postgres.url", server.adminUrl(),
                "slipway.addons.postgres.public-host", "127.0.0.1");
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
