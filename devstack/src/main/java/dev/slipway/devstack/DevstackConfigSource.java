package dev.slipway.devstack;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * In a test JVM that started a {@link Devstack}: the broker's superuser as the default Kafka login
 * ({@code slipway.kafka.*}, read by service-kit's {@code KafkaCredentials}), so plain unit tests
 * that build the kit's Kafka clients get on the broker. Its ordinal is below everything else's:
 * a service under test gets its own SCRAM user from {@link ServiceTestResource}, which wins.
 * Devstack is a test dependency only, so no production classpath sees this source.
 */
public final class DevstackConfigSource implements ConfigSource {
    static final String ADMIN_PASSWORD = "slipway.devstack.kafka.admin-password";
    private static final int ORDINAL = 50;

    @Override
    public Map<String, String> getProperties() {
        String password = System.getProperty(ADMIN_PASSWORD);
        if (password == null) {
            return Map.of();
        }
        Map<String, String> properties = new HashMap<>();
        properties.put("slipway.kafka.username", "admin");
        properties.put("slipway.kafka.password", password);
        properties.put("slipway.kafka.sasl-mechanism", "PLAIN");
        return properties;
    }

    @Override
    public Set<String> getPropertyNames() {
        return getProperties().keySet();
    }

    @Override
    public String getValue(String propertyName) {
        return getProperties().get(propertyName);
    }

    @Override
    public String getName() {
        return "devstack (the test broker's superuser)";
    }

    @Override
    public int getOrdinal() {
        return ORDINAL;
    }
}
