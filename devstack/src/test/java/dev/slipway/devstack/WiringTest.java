package dev.slipway.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Real: Wiring and PlatformSettings, plain objects. Faked: nothing; no process is started. */
class WiringTest {
    private static final Set<String> CONTRACT = Set.of("SLIPWAY_HOME", "QUARKUS_HTTP_HOST", "QUARKUS_HTTP_PORT",
            "QUARKUS_DATASOURCE_JDBC_URL", "QUARKUS_DATASOURCE_USERNAME", "QUARKUS_DATASOURCE_PASSWORD",
            "KAFKA_BOOTSTRAP_SERVERS", "SLIPWAY_CONFIG_SERVICE_URL", "SLIPWAY_GIT_GATEWAY_URL",
            "SLIPWAY_BUILDER_SERVICE_URL", "SLIPWAY_RELEASE_SERVICE_URL", "SLIPWAY_DYNO_MANAGER_URL",
            "SLIPWAY_ADDON_SERVICE_URL", "SLIPWAY_HTTP_PORT", "SLIPWAY_DOMAIN", "SLIPWAY_INTERNAL_TOKEN", "SLIPWAY_KAFKA_USERNAME", "SLIPWAY_KAFKA_PASSWORD");

    private final Wiring wiring = wiring();

    @Test
    void everyServiceGetsTheConventionsVariablesOnlyConfigServiceTheAdminKeyOnlyAddonServiceTheTenantCluster() {
        Map<String, String> inherited = Map.of("PATH", "/usr/bin", "SLIPWAY_PG_PORT", "5432",
                "SLIPWAY_ADMIN_API_KEY", "leaked", "KAFKA_BOOTSTRAP_SERVERS", "elsewhere:9092");
        for (ServiceModule service : ServiceModule.values()) {
            Map<String, String> env = wiring.environmentOf(service, inherited);
            Set<String> expected = new TreeSet<>(CONTRACT);
            expected.add("PATH");
            if (service == ServiceModule.CONFIG_SERVICE) {
                expected.add("SLIPWAY_ADMIN_API_KEY");
            }
            if (service == ServiceModule.ADDON_SERVICE) {
                expected.addAll(Set.of("SLIPWAY_ADDON_POSTGRES_URL", "SLIPWAY_ADDON_POSTGRES_PUBLIC_HOST"));
            }
            assertEquals(expected, new TreeSet<>(env.keySet()), service.module());
        }
    }

    @Test
    void theValuesFollowTheConventions() {
        Map<String, String> release = wiring.environmentOf(ServiceModule.RELEASE_SERVICE, Map.of());
        assertEquals("/srv/slipway", release.get("SLIPWAY_HOME"));
        assertEquals("41004", release.get("QUARKUS_HTTP_PORT"));
        assertEquals("127.0.0.1", release.get("QUARKUS_HTTP_HOST"));
        assertEquals("slipway_release", release.get("QUARKUS_DATASOURCE_USERNAME"));
        assertEquals("pw-release", release.get("QUARKUS_DATASOURCE_PASSWORD"));
        assertEquals("jdbc:postgresql://127.0.0.1:5433/slipway", release.get("QUARKUS_DATASOURCE_JDBC_URL"));
        assertEquals("127.0.0.1:9093", release.get("KAFKA_BOOTSTRAP_SERVERS"));
        assertEquals("http://127.0.0.1:41001", release.get("SLIPWAY_CONFIG_SERVICE_URL"));
        assertEquals("http://127.0.0.1:41005", release.get("SLIPWAY_DYNO_MANAGER_URL"));
        assertEquals("8080", release.get("SLIPWAY_HTTP_PORT"));
        assertEquals("localhost", release.get("SLIPWAY_DOMAIN"));
        assertEquals("internal-secret", release.get("SLIPWAY_INTERNAL_TOKEN"));
        assertEquals("release-service", release.get("SLIPWAY_KAFKA_USERNAME"));
        assertEquals("kafka-release", release.get("SLIPWAY_KAFKA_PASSWORD"));
        Map<String, String> addons = wiring.environmentOf(ServiceModule.ADDON_SERVICE, Map.of());
        assertEquals("postgres://postgres:pw@127.0.0.1:15432/postgres", addons.get("SLIPWAY_ADDON_POSTGRES_URL"));
        assertEquals("192.0.2.2", addons.get("SLIPWAY_ADDON_POSTGRES_PUBLIC_HOST"));
        assertEquals("slw_admin", wiring.environmentOf(ServiceModule.CONFIG_SERVICE, Map.of()).get("SLIPWAY_ADMIN_API_KEY"));
        assertFalse(release.values().stream().anyMatch(value -> value.endsWith("/")), "URLs without a trailing slash");
    }

    private static Wiring wiring() {
        PlatformSettings settings = new PlatformSettings(Path.of("/srv/slipway"), Path.of("/src/slipway"), 8080,
                "localhost", 0, 0, Map.of(), PlatformSettings.DEFAULT_SERVICE_JVM_OPTIONS,
                PlatformSettings.DEFAULT_READY_TIMEOUT);
        Map<ServiceModule, Integer> ports = new EnumMap<>(ServiceModule.class);
        Map<ServiceModule, String> passwords = new EnumMap<>(ServiceModule.class);
        Map<ServiceModule, String> kafkaPasswords = new EnumMap<>(ServiceModule.class);
        for (ServiceModule service : ServiceModule.values()) {
            ports.put(service, 41001 + service.ordinal());
            passwords.put(service, "pw-" + service.schema());
            kafkaPasswords.put(service, "kafka-" + service.schema());
        }
        return new Wiring(settings, "jdbc:postgresql://127.0.0.1:5433/slipway", "127.0.0.1:9093", "slw_admin",
                ports, passwords, "internal-secret", kafkaPasswords,
                new Wiring.TenantData("postgres://postgres:pw@127.0.0.1:15432/postgres", "192.0.2.2"));
    }
}
