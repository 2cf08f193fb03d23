package dev.slipway.kit;

import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The service's own login on the broker, added to every Kafka client the service builds (the
 * outbox relay, the consumer loops, the router's log shipper): {@code slipway.kafka.username} and
 * {@code slipway.kafka.password} (env {@code SLIPWAY_KAFKA_USERNAME}, {@code SLIPWAY_KAFKA_PASSWORD},
 * set by the launcher), SASL/SCRAM-SHA-256 over the broker's SASL_PLAINTEXT listener. The broker's
 * ACLs then let the service write only its own topics. Without a username the client connects
 * without credentials, which a Slipway broker refuses.
 *
 * <p>Static, read from the process' configuration, because the clients are plain objects the kit
 * builds with {@code new} (and plain unit tests build them too; devstack gives those the test
 * broker's superuser through system properties, with {@code slipway.kafka.sasl-mechanism=PLAIN}).
 */
public final class KafkaCredentials {
    static final String USERNAME = "slipway.kafka.username";
    static final String PASSWORD = "slipway.kafka.password";
    static final String MECHANISM = "slipway.kafka.sasl-mechanism";
    /** Quoted inside a JAAS line: no quotes, backslashes or spaces. */
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_.@-]+");

    private KafkaCredentials() {}

    /** Adds the SASL settings to a client's properties, when this process has a Kafka login. */
    public static Properties apply(Properties client) {
        Config config = ConfigProvider.getConfig();
        Optional<String> username = config.getOptionalValue(USERNAME, String.class).filter(s -> !s.isBlank());
        if (username.isEmpty()) {
            return client;
        }
        String password = config.getOptionalValue(PASSWORD, String.class).orElse("");
        String mechanism = config.getOptionalValue(MECHANISM, String.class).orElse("SCRAM-SHA-256");
        client.putAll(properties(username.get(), password, mechanism));
        return client;
    }

    static Properties properties(String username, String password, String mechanism) {
        if (!SAFE.matcher(username).matches() || !SAFE.matcher(password).matches()) {
            throw new IllegalArgumentException(USERNAME + " and " + PASSWORD + " must be plain tokens ([A-Za-z0-9_.@-])");
        }
        String module = switch (mechanism) {
            case "SCRAM-SHA-256", "SCRAM-SHA-512" -> "org.apache.kafka.common.security.scram.ScramLoginModule";
            case "PLAIN" -> "org.apache.kafka.common.security.plain.PlainLoginModule";
            default -> throw new IllegalArgumentException(MECHANISM + " must be SCRAM-SHA-256, SCRAM-SHA-512 or PLAIN, not " + mechanism);
        };
        Properties sasl = new Properties();
        sasl.put("security.protocol", "SASL_PLAINTEXT");
        sasl.put("sasl.mechanism", mechanism);
        sasl.put("sasl.jaas.config", module + " required username=\"" + username + "\" password=\"" + password + "\";");
        return sasl;
    }
}
