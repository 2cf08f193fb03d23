package dev.slipway.kit;

import dev.slipway.events.EventCodec;
import dev.slipway.events.EventEnvelope;
import dev.slipway.events.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * The idempotent consumer: one thread, one consumer group per service. Each record is applied in
 * one database transaction that first records its event id; offsets are committed only after
 * that, so a crash redelivers and the event id table turns the redelivery into a no-op. A record
 * that fails is retried (with back-off) and never skipped, so one app's order is kept.
 */
public class EventConsumerLoop implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(EventConsumerLoop.class);

    private final Db db;
    private final List<EventHandler> handlers;
    private final KafkaConsumer<String, String> consumer;
    private final Set<String> topics = new TreeSet<>();
    private final Thread thread;
    private volatile boolean running = true;

    public EventConsumerLoop(Db db, List<EventHandler> handlers, String bootstrapServers, String group) {
        this.db = db;
        this.handlers = List.copyOf(handlers);
        handlers.forEach(h -> topics.addAll(h.topics()));
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, group + "-consumer");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "500");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        KafkaCredentials.apply(p); // this service's own broker login (devstack/README.md)
        this.consumer = new KafkaConsumer<>(p);
        this.thread = Thread.ofPlatform().name("event-consumer").daemon().unstarted(this::run);
    }

    public EventConsumerLoop start() {
        if (!topics.isEmpty()) {
            thread.start();
        }
        return this;
    }

    private void run() {
        try {
            consumer.subscribe(topics);
            while (running) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
                for (ConsumerRecord<String, String> record : records) {
                    applyWithRetry(record);
                }
                if (!records.isEmpty()) {
                    consumer.commitSync();
                }
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void applyWithRetry(ConsumerRecord<String, String> record) {
        long backoff = 100;
        while (running) {
            try {
                apply(record.value());
                return;
            } catch (EventCodec.UnknownEventException e) {
                LOG.warnf("skipping %s at %s-%d@%d: this build does not know it", e.getMessage(),
                        record.topic(), record.partition(), record.offset());
                return;
            } catch (RuntimeException e) {
                LOG.errorf(e, "event at %s-%d@%d failed, retrying in %d ms", record.topic(), record.partition(),
                        record.offset(), backoff);
                sleep(backoff);
                backoff = Math.min(backoff * 2, 10_000);
            }
        }
    }

    /** Applies one record's envelope: visible for tests that replay a record by hand. */
    void apply(String json) {
        EventEnvelope envelope = EventCodec.fromJson(json);
        String topic = Topics.of(envelope.payload());
        List<EventHandler> interested = handlers.stream().filter(h -> h.topics().contains(topic)).toList();
        boolean fresh = db.inTransaction(tx -> {
            if (!ProcessedEvents.markProcessed(tx, envelope.eventId())) {
                return false;
            }
            for (EventHandler handler : interested) {
                handler.handle(tx, envelope);
            }
            return true;
        });
        if (fresh) {
            interested.forEach(h -> h.afterCommit(envelope));
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        if (!thread.isAlive()) {
            consumer.close(Duration.ofSeconds(1));
            return;
        }
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
