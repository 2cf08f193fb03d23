package dev.slipway.release;

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
 * The rest of the platform as the tests play it: config-service's and builder-service's events
 * produced to the real broker, and release-service's own events read back from it.
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

    EventEnvelope publish(Event event) {
        EventEnvelope envelope = EventEnvelope.wrap(event, "test");
        send(envelope);
        return envelope;
    }

    /** Sends an envelope as is: the same event id again is a redelivery. */
    void send(EventEnvelope envelope) {
        try {
            producer.send(new ProducerRecord<>(Topics.of(envelope.payload()),
                    envelope.payload().partitionKey().toString(), EventCodec.toJson(envelope))).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A fresh account with a key and an app it owns. */
    TestApp newApp() {
        UUID accountId = UUID.randomUUID();
        String email = "owner-" + accountId.toString().substring(0, 8) + "@example.com";
        String key = "key-" + UUID.randomUUID();
        publish(new ApiKeyIssued(accountId, email, ApiKeys.hash(key), false));
        UUID appId = UUID.randomUUID();
        String name = "app-" + appId.toString().substring(0, 8);
        publish(new AppCreated(appId, name, accountId, email, Instant.now()));
        return new TestApp(appId, name, accountId, email, key);
    }

    /** Every event on slipway.releases for the app, in topic order. */
    List<EventEnvelope> releaseEvents(UUID appId) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.RELEASES, Duration.ofSeconds(10)).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            var end = consumer.endOffsets(partitions);
            List<EventEnvelope> out = new ArrayList<>();
            long deadline = System.currentTimeMillis() + 10_000;
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))
                    && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    if (appId.toString().equals(r.key())) {
                        out.add(EventCodec.fromJson(r.value()));
                    }
                }
            }
            return out;
        }
    }

    static <T> T await(Supplier<T> probe, Predicate<T> done) {
        long deadline = System.currentTimeMillis() + 30_000;
        T value = probe.get();
        while (!done.test(value)) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("gave up waiting; last seen: " + value);
            }
            try {
                Thread.sleep(100);
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

    record TestApp(UUID id, String name, UUID ownerId, String email, String key) {
        String bearer() {
            return "Bearer " + key;
        }
    }
}
