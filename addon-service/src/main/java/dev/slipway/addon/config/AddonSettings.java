package dev.slipway.addon.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The tenant-data PostgreSQL: {@code slipway.addons.postgres.url} is a superuser's
 * {@code postgres://user:password@host:port/database} URL (devstack's embedded second cluster, or
 * the operator's); {@code slipway.addons.postgres.public-host} is the host that DATABASE_URL names,
 * the address dynos reach it at (empty: the URL's own host). Backups ({@code pg:backups}) are
 * files under {@code slipway.addons.backups.dir}, made and restored by PostgreSQL 17's client
 * tools in {@code slipway.addons.postgres.client-bin} (addon-service/bin/pg-client-17 fetches them).
 */
@ApplicationScoped
public class AddonSettings {
    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final String publicHost;
    private final String host;
    private final int port;
    private final Path backupsDir;
    private final long maxBackupBytes;
    private final int maxBackupsPerApp;
    private final Path clientBin;

    @Inject
    AddonSettings(@ConfigProperty(name = "slipway.addons.postgres.url") String url,
                  @ConfigProperty(name = "slipway.addons.postgres.public-host") Optional<String> publicHost,
                  @ConfigProperty(name = "slipway.addons.postgres.client-bin") Path clientBin,
                  @ConfigProperty(name = "slipway.addons.backups.dir") Path backupsDir,
                  @ConfigProperty(name = "slipway.addons.backups.max-bytes") long maxBackupBytes,
                  @ConfigProperty(name = "slipway.addons.backups.max-per-app") int maxBackupsPerApp) {
        URI uri = URI.create(url.strip());
        if (!("postgres".equals(uri.getScheme()) || "postgresql".equals(uri.getScheme())) || uri.getHost() == null
                || uri.getRawUserInfo() == null || !uri.getRawUserInfo().contains(":")) {
            throw new IllegalArgumentException("slipway.addons.postgres.url (SLIPWAY_ADDON_POSTGRES_URL) must be"
                    + " postgres://user:password@host[:port]/database, a superuser of the tenant-data cluster");
        }
        String[] userInfo = uri.getRawUserInfo().split(":", 2);
        this.user = URLDecoder.decode(userInfo[0], StandardCharsets.UTF_8);
        this.password = URLDecoder.decode(userInfo[1], StandardCharsets.UTF_8);
        this.host = uri.getHost();
        this.port = uri.getPort() < 0 ? 5432 : uri.getPort();
        this.clientBin = clientBin;
        this.backupsDir = backupsDir;
        if (maxBackupBytes < 1 || maxBackupsPerApp < 1) {
            throw new IllegalArgumentException("slipway.addons.backups.max-bytes and max-per-app must be positive");
        }
        this.maxBackupBytes = maxBackupBytes;
        this.maxBackupsPerApp = maxBackupsPerApp;
        String database = uri.getPath() == null || uri.getPath().length() <= 1 ? "postgres" : uri.getPath().substring(1);
        this.jdbcUrl = "jdbc:postgresql://" + uri.getHost() + ":" + port + "/" + database;
        this.publicHost = publicHost.filter(h -> !h.isBlank()).map(String::strip).orElse(uri.getHost());
    }

    public String adminJdbcUrl() {
        return jdbcUrl;
    }

    public String adminUser() {
        return user;
    }

    public String adminPassword() {
        return password;
    }

    /** The cluster's host as this service reaches it (pg_dump and pg_restore connect there). */
    public String adminHost() {
        return host;
    }

    public int port() {
        return port;
    }

    /** Where pg_dump, pg_restore (PostgreSQL 17 or later) are. */
    public Path clientBin() {
        return clientBin;
    }

    public Path backupsDir() {
        return backupsDir;
    }

    /** A backup that grows past this is stopped and fails. */
    public long maxBackupBytes() {
        return maxBackupBytes;
    }

    /** Backups kept per app: a capture beyond it deletes the app's oldest. */
    public int maxBackupsPerApp() {
        return maxBackupsPerApp;
    }

    /** What a DATABASE_URL names: {@code host:port} as dynos reach it. */
    public String publicAuthority() {
        return (publicHost.contains(":") ? "[" + publicHost + "]" : publicHost) + ":" + port;
    }
}
