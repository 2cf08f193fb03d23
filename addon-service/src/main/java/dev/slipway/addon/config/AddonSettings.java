package dev.slipway.addon.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The tenant-data PostgreSQL: {@code slipway.addons.postgres.url} is a superuser's
 * {@code postgres://user:password@host:port/database} URL (devstack's embedded second cluster, or
 * the operator's); {@code slipway.addons.postgres.public-host} is the host that DATABASE_URL names,
 * the address dynos reach it at (empty: the URL's own host).
 */
@ApplicationScoped
public class AddonSettings {
    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final String publicHost;
    private final int port;

    @Inject
    AddonSettings(@ConfigProperty(name = "slipway.addons.postgres.url") String url,
                  @ConfigProperty(name = "slipway.addons.postgres.public-host") Optional<String> publicHost) {
        URI uri = URI.create(url.strip());
        if (!("postgres".equals(uri.getScheme()) || "postgresql".equals(uri.getScheme())) || uri.getHost() == null
                || uri.getRawUserInfo() == null || !uri.getRawUserInfo().contains(":")) {
            throw new IllegalArgumentException("slipway.addons.postgres.url (SLIPWAY_ADDON_POSTGRES_URL) must be"
                    + " postgres://user:password@host[:port]/database, a superuser of the tenant-data cluster");
        }
        String[] userInfo = uri.getRawUserInfo().split(":", 2);
        this.user = URLDecoder.decode(userInfo[0], StandardCharsets.UTF_8);
        this.password = URLDecoder.decode(userInfo[1], StandardCharsets.UTF_8);
        this.port = uri.getPort() < 0 ? 5432 : uri.getPort();
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

    /** What a DATABASE_URL names: {@code host:port} as dynos reach it. */
    public String publicAuthority() {
        return (publicHost.contains(":") ? "[" + publicHost + "]" : publicHost) + ":" + port;
    }
}
