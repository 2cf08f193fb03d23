package dev.slipway.git;

import dev.slipway.events.ApiKeyIssued;
import dev.slipway.events.AppCreated;
import dev.slipway.events.Event;
import dev.slipway.events.EventCodec;
import dev.slipway.events.EventEnvelope;
import dev.slipway.events.PushReceived;
import dev.slipway.events.Topics;
import dev.slipway.kit.ApiKeys;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.BooleanSupplier;
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
 * The rest of the platform as the tests play it: config-service's, the builder's and the release
 * service's events produced to the real broker, and git-gateway's PushReceived read back from it.
 */
final class Platform implements AutoCloseable {
    record TestApp(UUID id, String name, UUID accountId, String email, String key) {}

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
        try {
            producer.send(new ProducerRecord<>(Topics.of(event), event.partitionKey().toString(),
                    EventCodec.toJson(EventEnvelope.wrap(event, "test")))).get();
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

    /** Waits for git-gateway's next PushReceived for the app, reading slipway.git from the start. */
    PushReceived awaitPush(UUID appId, Duration limit) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            long deadline = System.currentTimeMillis() + limit.toMillis();
            List<TopicPartition> partitions = List.of();
            while (partitions.isEmpty() && System.currentTimeMillis() < deadline) {
                partitions = consumer.partitionsFor(Topics.GIT, Duration.ofSeconds(5)).stream()
                        .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(300))) {
                    if (appId.toString().equals(r.key())
                            && EventCodec.fromJson(r.value()).payload() instanceof PushReceived push) {
                        return push;
                    }
                }
            }
            throw new AssertionError("no PushReceived for " + appId);
        }
    }

    static void await(BooleanSupplier done, Duration limit, String what) {
        long deadline = System.currentTimeMillis() + limit.toMillis();
        while (!done.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("gave up waiting for " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
