package dev.slipway.devstack;

import dev.slipway.events.ApiKeyIssued;
import dev.slipway.events.AppCreated;
import dev.slipway.events.Event;
import dev.slipway.events.EventCodec;
import dev.slipway.events.EventEnvelope;
import dev.slipway.events.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The rest of the platform as one service's tests play it, on the real broker: the events other
 * services would produce, and the service's own events read back from their topic.
 */
public final class TestEvents implements AutoCloseable {
    private static final Duration READ_LIMIT = Duration.ofSeconds(10);

    private final String bootstrapServers;
    private final KafkaProducer<String, String> producer;

    public TestEvents(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
        Properties p = superuser(bootstrapServers);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        producer = new KafkaProducer<>(p);
    }

    /**
     * Wraps the event as its producing service's outbox would (consumers check that the producer
     * owns the topic), sends it, and returns the envelope sent.
     */
    public EventEnvelope publish(Event event) {
        EventEnvelope envelope = EventEnvelope.wrap(event, Topics.producerOf(event));
        send(envelope);
        return envelope;
    }

    /** Sends an envelope as it is: the same event id again is a redelivery. */
    public void send(EventEnvelope envelope) {
        try {
            producer.send(new ProducerRecord<>(Topics.of(envelope.payload()),
                    envelope.payload().partitionKey().toString(), EventCodec.toJson(envelope))).get();
        } catch (Exception e) {
            throw new IllegalStateException("could not send " + envelope.type(), e);
        }
    }

    /**
     * config-service's two events for a new account that owns a new app: the key's owner
     * ({@code ApiKeyIssued} with {@code keyHash}) and the app ({@code AppCreated}).
     */
    public OwnedApp newOwnedApp(String keyHash) {
        UUID accountId = UUID.randomUUID();
        String email = "owner-" + accountId.toString().substring(0, 8) + "@example.com";
        publish(new ApiKeyIssued(accountId, email, keyHash, false));
        UUID appId = UUID.randomUUID();
        String name = "app-" + appId.toString().substring(0, 8);
        publish(new AppCreated(appId, name, accountId, email, Instant.now()));
        return new OwnedApp(appId, name, accountId, email);
    }

    /** Every event on the topic keyed by the app, in topic order, read from the beginning. */
    public List<EventEnvelope> read(String topic, UUID appId) {
        Properties p = superuser(bootstrapServers);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, READ_LIMIT);
            if (infos == null || infos.isEmpty()) {
                return List.of();
            }
            List<TopicPartition> partitions = infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<EventEnvelope> out = new ArrayList<>();
            long deadline = System.nanoTime() + READ_LIMIT.toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    if (appId.toString().equals(r.key())) {
                        out.add(EventCodec.fromJson(r.value()));
                    }
                }
            }
            return out;
        }
    }

    /**
     * Kafka client settings for a test's own producer or consumer on the devstack broker: its
     * address and the superuser's login (a test plays every service, so it may write and read
     * every topic). The serializers and the rest are the caller's.
     */
    public static Properties clientProperties(String bootstrapServers) {
        return superuser(bootstrapServers);
    }

    private static Properties superuser(String bootstrapServers) {
        String password = System.getProperty(DevstackConfigSource.ADMIN_PASSWORD);
        if (password == null) {
            throw new IllegalStateException("TestEvents works on the devstack broker: call Devstack.shared() first");
        }
        Properties p = new Properties();
        p.putAll(KafkaBroker.adminClientProperties(bootstrapServers, password));
        return p;
    }

    /** Probes until {@code done} holds for what the probe returns, and returns that; fails after {@code limit}. */
    public static <T> T await(Supplier<T> probe, Predicate<T> done, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        T value = probe.get();
        while (!done.test(value)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gave up waiting after " + limit.toSeconds() + " s; last seen: " + value);
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

    /** An app and its owner, as config-service announced them. */
    public record OwnedApp(UUID id, String name, UUID ownerId, String email) {}
}
