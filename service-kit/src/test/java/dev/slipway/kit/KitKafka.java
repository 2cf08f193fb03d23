package dev.slipway.kit;

import dev.slipway.devstack.TestEvents;
import dev.slipway.events.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A plain Kafka client on the devstack broker, logged in as its superuser (the broker refuses
 * anyone without credentials): it sends any bytes to any topic, as a stolen or misused login
 * could, and reads back the dead letters.
 */
final class KitKafka implements AutoCloseable {
    private final KafkaProducer<byte[], byte[]> producer;

    KitKafka() {
        Properties p = TestEvents.clientProperties(KitDatabase.bootstrapServers());
        p.put("key.serializer", ByteArraySerializer.class.getName());
        p.put("value.serializer", ByteArraySerializer.class.getName());
        producer = new KafkaProducer<>(p);
    }

    void send(String topic, String key, String value) {
        send(topic, key, value.getBytes(StandardCharsets.UTF_8));
    }

    void send(String topic, String key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value)).get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A dead letter as read back: the original bytes and the headers that say why. */
    record DeadLetter(String key, byte[] value, Map<String, String> headers) {
        String header(String name) {
            return headers.get(DeadLetters.HEADER + name);
        }
    }

    /** Every dead letter keyed {@code key}, from the beginning of the topic, in order. */
    static List<DeadLetter> deadLetters(String key) {
        Properties p = TestEvents.clientProperties(KitDatabase.bootstrapServers());
        p.put("key.deserializer", ByteArrayDeserializer.class.getName());
        p.put("value.deserializer", ByteArrayDeserializer.class.getName());
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.DEAD_LETTERS, Duration.ofSeconds(10)).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<DeadLetter> out = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    String k = r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8);
                    if (key.equals(k)) {
                        Map<String, String> headers = new java.util.HashMap<>();
                        for (Header h : r.headers()) {
                            headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8));
                        }
                        out.add(new DeadLetter(k, r.value(), headers));
                    }
                }
            }
            return out;
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
