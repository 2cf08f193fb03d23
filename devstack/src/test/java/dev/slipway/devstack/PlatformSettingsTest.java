package dev.slipway.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real: PlatformSettings and AdminApiKey on a JUnit temp directory. Faked: the environment (a map). */
class PlatformSettingsTest {
    @TempDir
    Path checkout;

    @Test
    void defaultsAreTheReadmes() throws Exception {
        Path module = fakeCheckout().resolve("e2e-tests");

        PlatformSettings settings = PlatformSettings.fromEnvironment(Map.of(), module);

        assertEquals(checkout, settings.repository());
        assertEquals(checkout.resolve(".slipway"), settings.home());
        assertEquals(8080, settings.httpPort());
        assertEquals("localhost", settings.domain());
        assertEquals(0, settings.postgresPort());
        assertEquals(0, settings.kafkaPort());
        assertEquals(Map.of(), settings.servicePorts());
        assertEquals(PlatformSettings.DEFAULT_SERVICE_JVM_OPTIONS, settings.serviceJvmOptions());
    }

    @Test
    void theEnvironmentOverridesThem() throws Exception {
        fakeCheckout();
        PlatformSettings settings = PlatformSettings.fromEnvironment(Map.of(
                "SLIPWAY_HOME", "state", "SLIPWAY_HTTP_PORT", "9090", "SLIPWAY_DOMAIN", "slipway.test",
                "SLIPWAY_PG_PORT", "5499", "SLIPWAY_KAFKA_PORT", "9099", "SLIPWAY_ROUTER_PORT", "41000",
                "SLIPWAY_SERVICE_JAVA_OPTS", " -Xmx300m  -XX:+UseSerialGC ", "SLIPWAY_READY_TIMEOUT", "30"), checkout);

        assertEquals(checkout.resolve("state"), settings.home());
        assertEquals(9090, settings.httpPort());
        assertEquals("slipway.test", settings.domain());
        assertEquals(5499, settings.postgresPort());
        assertEquals(9099, settings.kafkaPort());
        assertEquals(Map.of(ServiceModule.ROUTER, 41000), settings.servicePorts());
        assertEquals(List.of("-Xmx300m", "-XX:+UseSerialGC"), settings.serviceJvmOptions());
        assertEquals(Duration.ofSeconds(30), settings.readyTimeout());
    }

    @Test
    void theRouterGetsC2() throws Exception {
        PlatformSettings settings = PlatformSettings.forTest(fakeCheckout(), 9090);
        List<String> router = settings.jvmOptionsFor(ServiceModule.ROUTER);
        assertTrue(router.stream().noneMatch(o -> o.startsWith("-XX:TieredStopAtLevel")), router.toString());
        assertTrue(router.containsAll(PlatformSettings.ROUTER_NETTY_OPTIONS), router.toString());
        assertEquals(PlatformSettings.DEFAULT_SERVICE_JVM_OPTIONS, settings.jvmOptionsFor(ServiceModule.CONFIG_SERVICE));
    }

    @Test
    void theRouterRunsNettyWithUnsafeAndDirectBuffersWithoutACleanerAndItsBufferChecksOnEveryJdk() {
        for (int jdk : new int[] {21, 23, 25}) {
            List<String> options = PlatformSettings.routerNettyOptions(jdk);
            assertTrue(options.contains("-Dio.netty.noUnsafe=false"), options.toString());
            // without the DirectByteBuffer(long, int) constructor Netty frees through Quarkus' rewritten CleanerJava9 (issue 14)
            assertTrue(options.contains("-Dio.netty.tryReflectionSetAccessible=true"), options.toString());
            assertTrue(options.contains("--add-opens=java.base/java.nio=ALL-UNNAMED"), options.toString());
            assertEquals(jdk >= 23, options.contains("--sun-misc-unsafe-memory-access=allow"), options.toString());
            assertTrue(options.stream().noneMatch(o -> o.startsWith("-Dio.netty.buffer.check")), options.toString());
        }
    }

    @Test
    void aBadPortIsRefusedByName() throws Exception {
        fakeCheckout();
        var e = assertThrows(IllegalArgumentException.class,
                () -> PlatformSettings.fromEnvironment(Map.of("SLIPWAY_HTTP_PORT", "eighty"), checkout));
        assertTrue(e.getMessage().contains("SLIPWAY_HTTP_PORT"));
    }

    @Test
    void theAdminKeyIsMadeOnceAndReadableByItsOwnerOnly() throws Exception {
        Path file = checkout.resolve("api-key");

        String key = AdminApiKey.readOrCreate(file);

        assertTrue(key.matches("slw_[A-Za-z0-9_-]{40}"), key);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(key, AdminApiKey.readOrCreate(file));
    }

    private Path fakeCheckout() throws Exception {
        Files.writeString(checkout.resolve("pom.xml"), "<project/>");
        Files.createDirectories(checkout.resolve("devstack"));
        Files.writeString(checkout.resolve("devstack/pom.xml"), "<project/>");
        return Files.createDirectories(checkout.resolve("e2e-tests"));
    }
}
