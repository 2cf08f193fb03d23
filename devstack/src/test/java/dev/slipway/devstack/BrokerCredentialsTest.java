package dev.slipway.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.slipway.events.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Real: the devstack broker (SASL listener, StandardAuthorizer), the SCRAM users and ACLs that
 * KafkaAccess gives the services, and plain Kafka clients as a tenant on the host would write
 * them. Faked: nothing. What the issue tried (a forged {@code ApiKeyIssued} on {@code slipway.config}
 * from a plain producer) is refused; so is one service writing another's topic.
 */
class BrokerCredentialsTest {
    private static final String FORGED = "{\"type\":\"ApiKeyIssued\",\"payload\":{\"admin\":true}}";

    private final Devstack devstack = Devstack.shared();

    @Test
    void aProducerWithoutCredentialsIsRefused() {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, devstack.bootstrapServers());
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 3_000);
        try (KafkaProducer<String, String> anonymous = producer(config)) {
            ExecutionException refused = assertThrows(ExecutionException.class,
                    () -> anonymous.send(new ProducerRecord<>(Topics.CONFIG, "app", FORGED)).get());
            // the SASL listener never answers a plain client's requests: it gets no metadata at all
            assertInstanceOf(TimeoutException.class, refused.getCause());
        }
    }

    @Test
    void aWrongPasswordIsRefused() {
        devstack.kafkaLogin(ServiceModule.ROUTER);
        Map<String, Object> config = new HashMap<>(devstack.kafka().clientProperties("router", "not-the-password"));
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        try (KafkaProducer<String, String> guessing = producer(config)) {
            ExecutionException refused = assertThrows(ExecutionException.class,
                    () -> guessing.send(new ProducerRecord<>(Topics.LOGS, "app", "{}")).get());
            assertInstanceOf(SaslAuthenticationException.class, refused.getCause());
        }
    }

    @Test
    void aServiceWritesOnlyItsOwnTopicsAndTheDeadLetters() throws Exception {
        String password = devstack.kafkaLogin(ServiceModule.ROUTER);
        devstack.kafka().createTopics(List.of(KafkaAccess.DEAD_LETTERS));
        try (KafkaProducer<String, String> router = producer(asService("router", password))) {
            router.send(new ProducerRecord<>(Topics.LOGS, "app", "{}")).get();
            router.send(new ProducerRecord<>(KafkaAccess.DEAD_LETTERS, "app", "{}")).get();
            for (String other : List.of(Topics.CONFIG, Topics.DYNOS, Topics.RELEASES)) {
                ExecutionException refused = assertThrows(ExecutionException.class,
                        () -> router.send(new ProducerRecord<>(other, "app", FORGED)).get(), other);
                assertInstanceOf(TopicAuthorizationException.class, refused.getCause(), other);
            }
        }
    }

    @Test
    void aServiceReadsOnlyWhatItConsumesInItsOwnGroups() {
        String password = devstack.kafkaLogin(ServiceModule.RELEASE_SERVICE);
        try (KafkaConsumer<String, String> mine = consumer(asService("release-service", password), "release-service")) {
            mine.subscribe(List.of(Topics.BUILDS));
            mine.poll(Duration.ofSeconds(2)); // joins its group and reads: no exception
        }
        try (KafkaConsumer<String, String> notMine = consumer(asService("release-service", password), "release-service")) {
            notMine.subscribe(List.of(Topics.GIT));
            assertThrows(TopicAuthorizationException.class, () -> pollFor(notMine, Duration.ofSeconds(10)));
        }
        try (KafkaConsumer<String, String> otherGroup = consumer(asService("release-service", password), "router")) {
            otherGroup.subscribe(List.of(Topics.BUILDS));
            assertThrows(GroupAuthorizationException.class, () -> pollFor(otherGroup, Duration.ofSeconds(10)));
        }
    }

    @Test
    void theGrantsMatchTheArchitectureTable() {
        assertEquals(java.util.Set.of(ServiceModule.values()), KafkaAccess.GRANTS.keySet());
        for (ServiceModule service : ServiceModule.values()) {
            assertEquals(true, KafkaAccess.GRANTS.get(service).reads().contains(Topics.CONFIG),
                    service + " reads slipway.config: the kit's AccessDirectory");
        }
        assertEquals(java.util.Set.of(Topics.CONFIG), KafkaAccess.GRANTS.get(ServiceModule.CONFIG_SERVICE).writes());
    }

    private Map<String, Object> asService(String user, String password) {
        return new HashMap<>(devstack.kafka().clientProperties(user, password));
    }

    private static void pollFor(KafkaConsumer<String, String> consumer, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(200));
        }
    }

    private static KafkaProducer<String, String> producer(Map<String, Object> config) {
        config.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    private static KafkaConsumer<String, String> consumer(Map<String, Object> config, String group) {
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
    }
}
