package dev.slipway.router.edge;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.devstack.Devstack;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 14's fault, where it lives: the router's packaged jar (with the bytecode Quarkus' build
 * rewrote, Netty's {@code CleanerJava9} among it), started as devstack starts it on the JDK that
 * runs the build. With Netty's {@code Unsafe} forced on but the JDK's {@code DirectByteBuffer(long, int)}
 * constructor out of its reach (so that it allocates through the rewritten cleaner), the start-up
 * memory check must refuse to start it with the reason; with the options devstack gives it
 * ({@code Unsafe}, direct memory without a cleaner), the check must pass. Real: the
 * jar, a JVM of its own, devstack's PostgreSQL and Kafka. Faked: nothing.
 */
class PooledMemoryStartIT {
    private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");
    private static Map<String, String> env;

    @BeforeAll
    static void provision() {
        Devstack devstack = Devstack.shared();
        String password = devstack.postgres().provisionService("router", "slipway_router");
        env = Map.of("QUARKUS_DATASOURCE_JDBC_URL", devstack.postgres().jdbcUrl(),
                "QUARKUS_DATASOURCE_USERNAME", "slipway_router", "QUARKUS_DATASOURCE_PASSWORD", password,
                "KAFKA_BOOTSTRAP_SERVERS", devstack.bootstrapServers(),
                "SLIPWAY_HOME", devstack.newDirectory("router-start-").toString(),
                "SLIPWAY_ROUTER_HOST", "127.0.0.1", "SLIPWAY_ROUTER_SHIP_LOGS", "false");
    }

    @Test
    void withUnsafeButWithoutTheNoCleanerConstructorTheRouterRefusesToStartAndSaysWhy() throws Exception {
        // Unsafe on, DirectByteBuffer(long, int) out of reach: Netty allocates through the rewritten CleanerJava9
        String log = start(List.of("-Dio.netty.noUnsafe=false", "--sun-misc-unsafe-memory-access=allow"));
        // written to stderr directly: the console's asynchronous log handler may lose its last lines at the exit
        assertTrue(log.contains("router: the router cannot allocate and free pooled direct memory"), tail(log));
        assertTrue(log.contains("CleanerJava9.INVOKE_CLEANER"), tail(log));
        assertTrue(log.contains("-Dio.netty.tryReflectionSetAccessible=true --add-opens=java.base/java.nio=ALL-UNNAMED"),
                tail(log));
        assertFalse(log.contains("router edge listening"), tail(log));
    }

    @Test
    void withDevstacksOptionsTheCheckPassesWithUnsafeAndNoCleaner() throws Exception {
        List<String> options = new ArrayList<>(dev.slipway.devstack.PlatformSettings.ROUTER_NETTY_OPTIONS);
        String log = start(options);
        assertTrue(log.contains("pooled direct memory allocated and freed"), tail(log));
        assertTrue(log.contains("Unsafe in use, direct memory without a cleaner"), tail(log));
        assertTrue(log.contains("router edge listening"), tail(log));
    }

    /** Starts the jar, waits for the check's verdict (or the edge), stops it; returns its output. */
    private static String start(List<String> nettyOptions) throws IOException, InterruptedException {
        assertTrue(Files.isRegularFile(JAR), "the packaged jar at " + JAR.toAbsolutePath());
        Path out = Files.createTempFile("router-start-", ".log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-Xmx256m", "-XX:TieredStopAtLevel=1"));
        command.addAll(nettyOptions);
        command.addAll(List.of("-jar", JAR.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
        builder.environment().putAll(env);
        builder.environment().put("SLIPWAY_HTTP_PORT", Integer.toString(freePort()));
        builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(freePort()));
        Process router = builder.start();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (System.nanoTime() < deadline && router.isAlive()) {
                String log = Files.readString(out);
                if (log.contains("router edge listening") || log.contains("cannot allocate and free")) {
                    break;
                }
                Thread.sleep(250);
            }
        } finally {
            router.destroy();
            if (!router.waitFor(20, TimeUnit.SECONDS)) {
                router.destroyForcibly();
            }
        }
        String log = Files.readString(out);
        Files.deleteIfExists(out);
        return log;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String tail(String log) {
        return log.length() > 4000 ? log.substring(log.length() - 4000) : log;
    }
}
