package dev.slipway.dyno;

import dev.slipway.events.ApiKeyIssued;
import dev.slipway.events.AppCreated;
import dev.slipway.events.Event;
import dev.slipway.events.EventCodec;
import dev.slipway.events.EventEnvelope;
import dev.slipway.events.Topics;
import dev.slipway.kit.ApiKeys;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The rest of the platform as the tests play it: config-service's and release-service's events
 * produced to the real broker, and dyno-manager's own events read back from it.
 */
final class Platform implements AutoCloseable {
    private final String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    private final KafkaProducer<String, String> producer;

    Platform() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        producer = new KafkaProducer<>(p);
    }

    void publish(Event event) {
        EventEnvelope envelope = EventEnvelope.wrap(event, "test");
        try {
            producer.send(new ProducerRecord<>(Topics.of(event), event.partitionKey().toString(),
                    EventCodec.toJson(envelope))).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A fresh account with a key and an app it owns, once dyno-manager has seen both. */
    TestApp newApp() {
        UUID accountId = UUID.randomUUID();
        String email = "owner-" + accountId.toString().substring(0, 8) + "@example.com";
        String key = "key-" + UUID.randomUUID();
        publish(new ApiKeyIssued(accountId, email, ApiKeys.hash(key), false));
        UUID appId = UUID.randomUUID();
        String name = "app-" + appId.toString().substring(0, 8);
        publish(new AppCreated(appId, name, accountId, email, Instant.now()));
        return new TestApp(appId, name, key);
    }

    /** Every event on the topic for the app, in topic order. */
    List<Event> events(String topic, UUID appId) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            var infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
            if (infos == null || infos.isEmpty()) {
                return List.of();
            }
            List<TopicPartition> partitions = infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            var end = consumer.endOffsets(partitions);
            List<Event> out = new ArrayList<>();
            long deadline = System.currentTimeMillis() + 10_000;
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))
                    && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    if (appId.toString().equals(r.key())) {
                        out.add(EventCodec.fromJson(r.value()).payload());
                    }
                }
            }
            return out;
        }
    }

    static <T> T await(Supplier<T> probe, Predicate<T> done) {
        return await(probe, done, 40_000);
    }

    static <T> T await(Supplier<T> probe, Predicate<T> done, long millis) {
        long deadline = System.currentTimeMillis() + millis;
        T value = probe.get();
        while (!done.test(value)) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("gave up waiting; last seen: " + value);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            value = probe.get();
        }
        return value;
    }

    @Override
    public void close() {
        producer.close();
    }

    record TestApp(UUID id, String name, String key) {
        String bearer() {
            return "Bearer " + key;
        }
    }
}
