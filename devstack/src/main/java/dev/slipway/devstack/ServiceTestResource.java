package dev.slipway.devstack;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * A Quarkus test resource that gives one service what the launcher gives it in production, on the
 * JVM's shared {@link Devstack}: its own schema and role (schema = init arg {@code service}, role
 * {@code slipway_<service>}, a fresh random password), the broker with the service's own Kafka
 * user and ACLs ({@code slipway.kafka.*}, as the launcher gives them), the service credential for
 * {@code /internal/} ({@link Devstack#internalToken()}), and an empty SLIPWAY_HOME.
 *
 * <pre>{@code
 * @QuarkusTestResource(value = ServiceTestResource.class,
 *         initArgs = @ResourceArg(name = "service", value = "release"))
 * }</pre>
 *
 * The schema is the production name, so test classes of one module in one JVM share it, like
 * restarts of the real service do.
 */
public final class ServiceTestResource implements QuarkusTestResourceLifecycleManager {
    private String schema;

    @Override
    public void init(Map<String, String> initArgs) {
        schema = initArgs.get("service");
        if (schema == null || schema.isBlank()) {
            throw new IllegalArgumentException("ServiceTestResource needs init arg 'service' (the schema, e.g. release)");
        }
    }

    @Override
    public Map<String, String> start() {
        Devstack devstack = Devstack.shared();
        String role = "slipway_" + schema;
        String password = devstack.postgres().provisionService(schema, role);
        ServiceModule service = ServiceModule.bySchema(schema);
        return Map.ofEntries(
                Map.entry("slipway.kafka.username", KafkaAccess.username(service)),
                Map.entry("slipway.kafka.password", devstack.kafkaLogin(service)),
                Map.entry("slipway.kafka.sasl-mechanism", KafkaAccess.MECHANISM),
                Map.entry("quarkus.datasource.jdbc.url", devstack.postgres().jdbcUrl()),
                Map.entry("quarkus.datasource.username", role),
                Map.entry("quarkus.datasource.password", password),
                Map.entry("kafka.bootstrap.servers", devstack.bootstrapServers()),
                Map.entry("slipway.internal-token", devstack.internalToken()),
                Map.entry("slipway.home", devstack.newDirectory(schema + "-home-").toString()),
                Map.entry("quarkus.devservices.enabled", "false"));
    }

    @Override
    public void stop() {
        // The devstack lives until the JVM exits; the home directory goes with it.
    }
}
