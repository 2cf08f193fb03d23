package dev.slipway.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.events.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real: the Apache Kafka 4.1 broker (KRaft) in its child JVM, started, stopped and restarted by
 * KafkaBroker in a JUnit temp directory, and real Kafka clients (logged in as its superuser).
 * Faked: nothing.
 */
class KafkaBrokerTest {
    private static final String TOPIC = "devstack.test";

    @TempDir
    static Path dir;
    static KafkaBroker broker;

    @BeforeAll
    static void start() {
        broker = new KafkaBroker(dir.resolve("kafka")).start();
    }

    @AfterAll
    static void stop() {
        broker.stop();
    }

    @Test
    void createsSlipwaysTopics() throws Exception {
        broker.createTopics(Topics.ALL);
        broker.createTopics(Topics.ALL); // again: existing topics are fine

        try (Admin admin = Admin.create(broker.adminClientProperties())) {
            Set<String> names = admin.listTopics().names().get();
            assertTrue(names.containsAll(Topics.ALL), names.toString());
            assertEquals(4, admin.describeTopics(List.of(Topics.CONFIG)).allTopicNames().get()
                    .get(Topics.CONFIG).partitions().size());
        }
    }

    @Test
    void clientsCarryOnAfterTheBrokerRestarts() throws Exception {
        try (KafkaProducer<String, String> producer = producer(); KafkaConsumer<String, String> consumer = consumer()) {
            consumer.subscribe(List.of(TOPIC));
            producer.send(new ProducerRecord<>(TOPIC, "app-1", "before")).get();
            assertEquals(List.of("before"), pollUntil(consumer, 1));

            broker.stop();
            assertFalse(broker.isRunning());
            assertFalse(Ports.answers(broker.port()));
            broker.start();

            producer.send(new ProducerRecord<>(TOPIC, "app-1", "after")).get();
            assertEquals(List.of("after"), pollUntil(consumer, 1));
        }
        try (KafkaConsumer<String, String> fresh = consumer()) {
            fresh.subscribe(List.of(TOPIC));
            assertEquals(List.of("before", "after"), pollUntil(fresh, 2), "the log survived the restart");
        }
    }

    private static KafkaProducer<String, String> producer() {
        Map<String, Object> config = new HashMap<>(broker.adminClientProperties());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    private static KafkaConsumer<String, String> consumer() {
        Map<String, Object> config = new HashMap<>(broker.adminClientProperties());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
    }

    private static List<String> pollUntil(KafkaConsumer<String, String> consumer, int count) {
        List<String> values = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (values.size() < count && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(200)).forEach(record -> values.add(record.value()));
        }
        return values;
    }
}
