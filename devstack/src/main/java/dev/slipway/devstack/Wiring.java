package dev.slipway.devstack;

import java.util.HashMap;
import java.util.Map;

/**
 * How the services find each other and their infrastructure, turned into each service JVM's
 * environment: the variables of docs/CONVENTIONS.md, exactly.
 *
 * @param ports     each service's internal HTTP port
 * @param passwords each service role's database password
 * @param internalToken the service credential every service sends to and demands on {@code /internal/}
 * @param kafkaPasswords each service's broker password (its SCRAM user is its module name)
 * @param tenantData the tenant-data PostgreSQL that addon-service provisions on
 */
record Wiring(
        PlatformSettings settings,
        String jdbcUrl,
        String bootstrapServers,
        String adminApiKey,
        Map<ServiceModule, Integer> ports,
        Map<ServiceModule, String> passwords,
        String internalToken,
        Map<ServiceModule, String> kafkaPasswords,
        TenantData tenantData) {

    /**
     * Where addon-service provisions its databases: the superuser's {@code postgres://} URL and the
     * host that DATABASE_URL names for dynos (null: the URL's own host).
     */
    record TenantData(String adminUrl, String publicHost) {}

    String url(ServiceModule service) {
        return "http://127.0.0.1:" + ports.get(service);
    }

    /**
     * The inherited environment (PATH, HOME, locale: builds and dynos need them) without any
     * SLIPWAY_ variable (those are the launcher's inputs, and the admin key must reach
     * config-service only), plus the contract's variables for {@code service}.
     */
    Map<String, String> environmentOf(ServiceModule service, Map<String, String> inherited) {
        Map<String, String> env = new HashMap<>(inherited);
        env.keySet().removeIf(name -> name.startsWith("SLIPWAY_"));
        env.put("SLIPWAY_HOME", settings.home().toString());
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1"); // internal ports: loopback only, the router is the way in
        env.put("QUARKUS_HTTP_PORT", String.valueOf(ports.get(service)));
        env.put("QUARKUS_DATASOURCE_JDBC_URL", jdbcUrl);
        env.put("QUARKUS_DATASOURCE_USERNAME", service.role());
        env.put("QUARKUS_DATASOURCE_PASSWORD", passwords.get(service));
        env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
        env.put("SLIPWAY_KAFKA_USERNAME", KafkaAccess.username(service));
        env.put("SLIPWAY_KAFKA_PASSWORD", kafkaPasswords.get(service));
        for (ServiceModule other : ServiceModule.values()) {
            if (other.urlVariable() != null) {
                env.put(other.urlVariable(), url(other));
            }
        }
        env.put("SLIPWAY_HTTP_PORT", String.valueOf(settings.httpPort()));
        env.put("SLIPWAY_DOMAIN", settings.domain());
        env.put("SLIPWAY_INTERNAL_TOKEN", internalToken);
        if (service == ServiceModule.CONFIG_SERVICE) {
            env.put("SLIPWAY_ADMIN_API_KEY", adminApiKey);
        }
        if (service == ServiceModule.ADDON_SERVICE) {
            // the tenant cluster's superuser is addon-service's alone
            env.put("SLIPWAY_ADDON_POSTGRES_URL", tenantData.adminUrl());
            if (tenantData.publicHost() != null) {
                env.put("SLIPWAY_ADDON_POSTGRES_PUBLIC_HOST", tenantData.publicHost());
            }
        }
        if (service == ServiceModule.DYNO_MANAGER) {
            // the operator's sandbox settings (README: Isolation) and the release phase's time limit are dyno-manager's alone
            for (String name : new String[] {"SLIPWAY_UNSAFE_UNSANDBOXED", "SLIPWAY_DYNO_SUBNET", "SLIPWAY_RELEASE_PHASE_TIMEOUT"}) {
                if (inherited.containsKey(name)) {
                    env.put(name, inherited.get(name));
                }
            }
        }
        return env;
    }
}
