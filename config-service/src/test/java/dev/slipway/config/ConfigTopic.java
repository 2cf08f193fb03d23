package dev.slipway.config;

import dev.slipway.devstack.TestEvents;
import dev.slipway.events.Event;
import dev.slipway.events.EventCodec;
import dev.slipway.events.EventEnvelope;
import dev.slipway.events.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.ConfigProvider;

/** Reads the real {@code slipway.config} topic from its start, in a group of its own, for the whole test run. */
final class ConfigTopic {
    private static final List<EventEnvelope> SEEN = new CopyOnWriteArrayList<>();
    private static volatile boolean started;

    private ConfigTopic() {}

    static synchronized void start() {
        if (started) {
            return;
        }
        Properties p = TestEvents.clientProperties(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "config-service-test-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p);
        consumer.subscribe(List.of(Topics.CONFIG));
        Thread.ofPlatform().daemon().name("test-config-topic").start(() -> {
            while (true) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    SEEN.add(EventCodec.fromJson(r.value()));
                }
            }
        });
        started = true;
    }

    /** The events of this type matching the filter, once at least {@code expected} arrived and a grace period passed. */
    static <E extends Event> List<E> await(Class<E> type, Predicate<E> filter, int expected) {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline && matching(type, filter).size() < expected) {
            sleep(100);
        }
        // a duplicate would arrive right behind the original: give it the time to show up
        sleep(1500);
        return matching(type, filter);
    }

    private static <E extends Event> List<E> matching(Class<E> type, Predicate<E> filter) {
        return SEEN.stream().map(EventEnvelope::payload).filter(type::isInstance).map(type::cast).filter(filter).toList();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
