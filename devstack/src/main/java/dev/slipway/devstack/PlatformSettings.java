package dev.slipway.devstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a {@link Platform} needs to start: where its state lives, the checkout whose services it
 * runs, and its ports. Port 0 means a free port, picked at start.
 *
 * @param home              SLIPWAY_HOME: PostgreSQL and Kafka data, logs, the API key, the services' files
 * @param repository        the checkout; services run from {@code <module>/target/quarkus-app/quarkus-run.jar}
 * @param httpPort          the router's public port (SLIPWAY_HTTP_PORT)
 * @param domain            apps are served at {@code <app>.<domain>} (SLIPWAY_DOMAIN)
 * @param servicePorts      internal ports fixed by the caller; services not in the map get free ones
 * @param serviceJvmOptions JVM options of every service JVM
 * @param readyTimeout      how long a service may take to answer {@code /q/health/ready}
 */
public record PlatformSettings(
        Path home,
        Path repository,
        int httpPort,
        String domain,
        int postgresPort,
        int kafkaPort,
        Map<ServiceModule, Integer> servicePorts,
        List<String> serviceJvmOptions,
        Duration readyTimeout) {

    /**
     * Small on purpose: six service JVMs share one machine with the broker, PostgreSQL and the
     * dynos. Serial GC and C1 only start fastest and use the least memory; a service's heap stays
     * well under 256 MB.
     */
    public static final List<String> DEFAULT_SERVICE_JVM_OPTIONS = List.of(
            "-XX:+UseSerialGC", "-Xms32m", "-Xmx256m", "-Xss512k", "-XX:TieredStopAtLevel=1",
            "-XX:+ExitOnOutOfMemoryError");
    public static final Duration DEFAULT_READY_TIMEOUT = Duration.ofMinutes(3);

    public PlatformSettings {
        home = home.toAbsolutePath().normalize();
        repository = repository.toAbsolutePath().normalize();
        servicePorts = Map.copyOf(servicePorts);
        serviceJvmOptions = List.copyOf(serviceJvmOptions);
        if (httpPort <= 0 || httpPort > 65535) {
            throw new IllegalArgumentException("not a port for the router: " + httpPort);
        }
    }

    /**
     * Netty's options for the router: {@code sun.misc.Unsafe} on, with pooled direct memory taken
     * from {@code Unsafe.allocateMemory} and given back with {@code Unsafe.freeMemory} (Netty's
     * {@code DirectCleaner}, "direct buffers without a cleaner"), never through {@code CleanerJava9}.
     * Quarkus' build rewrites Netty's {@code CleanerJava9} (its netty extension, written for Netty
     * 4.1); under the router's Netty 4.2 the rewritten class never sets the handle that 4.2's
     * buffers allocated through it free their memory with, so every release that frees a whole
     * pooled chunk threw ({@code CleanerJava9.INVOKE_CLEANER is null}): the fault behind a corrupted
     * proxied stream in CI (issue 14, router README). Netty takes {@code DirectCleaner} instead of
     * {@code CleanerJava9} for all its direct memory when it has {@code Unsafe} and can reach the
     * JDK's {@code DirectByteBuffer(long, int)} constructor: {@code -Dio.netty.tryReflectionSetAccessible=true}
     * and {@code java.nio} opened. Java 23 and later also need {@code Unsafe}'s memory access allowed
     * ({@code --sun-misc-unsafe-memory-access=allow}, an option older JVMs refuse). With
     * {@code Unsafe} but without the constructor (Netty's default before Java 25) the fault is back:
     * the router checks at start-up that pooled direct memory can be allocated and freed, and
     * refuses to start otherwise. Netty's per-access buffer checks stay on: a buffer used after its
     * release fails loudly instead of reading memory that is no longer its own.
     */
    public static final List<String> ROUTER_NETTY_OPTIONS = routerNettyOptions(Runtime.version().feature());

    static List<String> routerNettyOptions(int jdkFeature) {
        List<String> options = new ArrayList<>(List.of("-Dio.netty.noUnsafe=false",
                "-Dio.netty.tryReflectionSetAccessible=true", "--add-opens=java.base/java.nio=ALL-UNNAMED"));
        if (jdkFeature >= 23) {
            options.add(1, "--sun-misc-unsafe-memory-access=allow");
        }
        return List.copyOf(options);
    }

    /**
     * The router carries every request of every app: it gets the full JIT (C2), which the other
     * services skip to start fast and stay small.
     */
    public List<String> jvmOptionsFor(ServiceModule service) {
        if (service != ServiceModule.ROUTER) {
            return serviceJvmOptions;
        }
        List<String> options = new ArrayList<>(serviceJvmOptions);
        options.removeIf(option -> option.startsWith("-XX:TieredStopAtLevel"));
        options.addAll(ROUTER_NETTY_OPTIONS);
        return List.copyOf(options);
    }

    /** A platform for a test: its own home, the given router port, everything else free and default. */
    public static PlatformSettings forTest(Path home, int httpPort) {
        return new PlatformSettings(home, findRepository(Path.of("").toAbsolutePath()), httpPort, "localhost",
                0, 0, Map.of(), DEFAULT_SERVICE_JVM_OPTIONS, DEFAULT_READY_TIMEOUT);
    }

    /** What `./slipway` starts: see devstack/README.md for the variables. */
    public static PlatformSettings fromEnvironment() {
        return fromEnvironment(System.getenv(), Path.of("").toAbsolutePath());
    }

    static PlatformSettings fromEnvironment(Map<String, String> env, Path workingDirectory) {
        Path repository = env.containsKey("SLIPWAY_REPO") ? Path.of(env.get("SLIPWAY_REPO")) : findRepository(workingDirectory);
        Path home = env.containsKey("SLIPWAY_HOME") ? workingDirectory.resolve(env.get("SLIPWAY_HOME")) : repository.resolve(".slipway");
        Map<ServiceModule, Integer> servicePorts = new EnumMap<>(ServiceModule.class);
        for (ServiceModule service : ServiceModule.values()) {
            int port = port(env, service.portVariable(), 0);
            if (port != 0) {
                servicePorts.put(service, port);
            }
        }
        List<String> jvmOptions = env.containsKey("SLIPWAY_SERVICE_JAVA_OPTS")
                ? Arrays.stream(env.get("SLIPWAY_SERVICE_JAVA_OPTS").trim().split("\\s+")).filter(s -> !s.isEmpty()).toList()
                : DEFAULT_SERVICE_JVM_OPTIONS;
        Duration readyTimeout = env.containsKey("SLIPWAY_READY_TIMEOUT")
                ? Duration.ofSeconds(Long.parseLong(env.get("SLIPWAY_READY_TIMEOUT").trim()))
                : DEFAULT_READY_TIMEOUT;
        return new PlatformSettings(home, repository, port(env, "SLIPWAY_HTTP_PORT", 8080),
                env.getOrDefault("SLIPWAY_DOMAIN", "localhost"), port(env, "SLIPWAY_PG_PORT", 0),
                port(env, "SLIPWAY_KAFKA_PORT", 0), servicePorts, jvmOptions, readyTimeout);
    }

    /** The nearest directory at or above {@code from} that holds the Slipway reactor (pom.xml and devstack/). */
    static Path findRepository(Path from) {
        for (Path dir = from.toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("pom.xml")) && Files.isRegularFile(dir.resolve("devstack/pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no Slipway checkout at or above " + from + "; run from the checkout or set SLIPWAY_REPO");
    }

    private static int port(Map<String, String> env, String name, int fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " is not a port number: " + value);
        }
    }
}
