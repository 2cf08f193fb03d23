package dev.slipway.bench;

import dev.slipway.devstack.Devstack;
import dev.slipway.devstack.PlatformSettings;
import dev.slipway.devstack.ServiceModule;
import dev.slipway.devstack.TestEvents;
import dev.slipway.events.AppCreated;
import dev.slipway.events.DynoStateChanged;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;

/**
 * What the router needs to run alone for the bench, the honest way: devstack's PostgreSQL and
 * Kafka (its schema and role provisioned as the launcher does), and the events config-service and
 * dyno-manager would publish for an app {@code bench} with four web dynos up at the given ports.
 * Writes the router's environment (and devstack's Netty options for it) to a file, then stays up
 * until killed (the shutdown hook stops PostgreSQL and Kafka).
 *
 * <pre>java -cp ... dev.slipway.bench.BenchStack router.env 8101 8102 8103 8104</pre>
 */
public final class BenchStack {

    public static void main(String[] args) throws IOException, InterruptedException {
        Path envFile = Path.of(args[0]);
        Devstack devstack = Devstack.shared();
        String password = devstack.postgres().provisionService("router", "slipway_router");
        String kafkaPassword = devstack.kafkaLogin(ServiceModule.ROUTER);
        UUID appId = UUID.randomUUID();
        try (TestEvents events = new TestEvents(devstack.bootstrapServers())) {
            events.publish(new AppCreated(appId, "bench", UUID.randomUUID(), "bench@example.com", Instant.now()));
            for (int i = 1; i < args.length; i++) {
                events.publish(new DynoStateChanged(appId, UUID.randomUUID(), "web." + i, "web", 1, "up", "127.0.0.1",
                        Integer.parseInt(args[i])));
            }
        }
        Files.writeString(envFile, String.join("\n",
                "QUARKUS_DATASOURCE_JDBC_URL=" + devstack.postgres().jdbcUrl(),
                "QUARKUS_DATASOURCE_USERNAME=slipway_router",
                "QUARKUS_DATASOURCE_PASSWORD=" + password,
                "KAFKA_BOOTSTRAP_SERVERS=" + devstack.bootstrapServers(),
                "SLIPWAY_KAFKA_USERNAME=" + ServiceModule.ROUTER.module(),
                "SLIPWAY_KAFKA_PASSWORD=" + kafkaPassword,
                "SLIPWAY_HOME=" + devstack.newDirectory("router-home-"),
                // the router's Netty options for the JDK this runs on, as devstack starts the router
                "BENCH_ROUTER_NETTY_OPTIONS=\"" + String.join(" ", PlatformSettings.ROUTER_NETTY_OPTIONS) + "\"",
                "") );
        System.out.println("bench stack ready: app bench.localhost with " + (args.length - 1) + " web dynos");
        Thread.currentThread().join();
    }
}
