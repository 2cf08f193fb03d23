package dev.slipway.router.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.devstack.Devstack;
import dev.slipway.devstack.TestEvents;
import dev.slipway.events.EventCodec;
import dev.slipway.events.LogLines;
import dev.slipway.events.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The shipper end to end. Real: the shipper, its Kafka producer and devstack's Kafka broker; the
 * records are read back from {@code slipway.logs}. Faked: the edge (the test offers the lines).
 */
class RouterLogShipperTest {
    private static final Duration FLUSH = Duration.ofMillis(100);
    private final String bootstrap = Devstack.shared().bootstrapServers();
    private RouterLogShipper shipper;

    @AfterEach
    void stop() throws InterruptedException {
        if (shipper != null) {
            shipper.stop(null);
        }
    }

    @Test
    void aFullBufferDropsAndCountsTheLinesItHasNoRoomForAndShipsTheRest() {
        shipper = new RouterLogShipper(bootstrap, true, 8, FLUSH);
        UUID app = UUID.randomUUID();
        // not started yet: nothing drains, so the ninth line on finds the buffer full
        IntStream.range(0, 11).forEach(i -> shipper.offer(app, "line " + i));
        assertEquals(3, shipper.dropped());

        shipper.start(null);
        List<ConsumerRecord<String, String>> records = awaitRecords(app, 1);
        assertEquals(List.of("line 0", "line 1", "line 2", "line 3", "line 4", "line 5", "line 6", "line 7"),
                messages(records.getFirst()));
        assertEquals(3, shipper.dropped());
    }

    @Test
    void aSingleLineIsShippedWithinTheFlushPeriodWithoutWaitingForMore() {
        shipper = new RouterLogShipper(bootstrap, true, 16_384, FLUSH);
        shipper.start(null);
        UUID app = UUID.randomUUID();
        long offered = System.currentTimeMillis();
        shipper.offer(app, "at=info method=GET path=\"/trickle\" status=200");

        ConsumerRecord<String, String> record = awaitRecords(app, 1).getFirst();
        assertEquals(List.of("at=info method=GET path=\"/trickle\" status=200"), messages(record));
        // the record's CreateTime is when the worker handed it to the producer; slack for a busy machine
        long handedOver = record.timestamp() - offered;
        assertTrue(handedOver <= FLUSH.toMillis() + 1_000, "handed to Kafka after " + handedOver + " ms");
        assertEquals(0, shipper.dropped());
    }

    @Test
    void stoppingShipsWhatWasOfferedBefore() throws InterruptedException {
        shipper = new RouterLogShipper(bootstrap, true, 16_384, Duration.ofHours(1));
        shipper.start(null);
        UUID app = UUID.randomUUID();
        // a full ring's quarter wakes the worker: the producer then knows the topic, so that stop's
        // bounded close (5 s) is spent on the last line, not on a first metadata fetch of a busy broker
        // (a busy broker can take longer than the producer's 2 s max.block.ms for that first fetch:
        // the warm-up is offered again until one record of it arrives)
        UUID warm = UUID.randomUUID();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        do {
            for (int i = 0; i < 4_096; i++) {
                shipper.offer(warm, "warm-up " + i);
            }
            for (int wait = 0; wait < 20 && records(warm).isEmpty(); wait++) {
                Thread.sleep(250);
            }
        } while (records(warm).isEmpty() && System.nanoTime() < deadline);
        shipper.offer(app, "the last line");
        shipper.stop(null);
        shipper = null;
        assertEquals(List.of("the last line"), messages(awaitRecords(app, 1).getFirst()));
    }

    @Test
    void offersWhileSwitchedOffAreIgnored() {
        shipper = new RouterLogShipper(bootstrap, false, 8, FLUSH);
        shipper.start(null);
        IntStream.range(0, 100).forEach(i -> shipper.offer(UUID.randomUUID(), "line " + i));
        assertEquals(0, shipper.dropped());
    }

    private static List<String> messages(ConsumerRecord<String, String> record) {
        return ((LogLines) EventCodec.fromJson(record.value()).payload()).lines().stream()
                .map(LogLines.Line::message).toList();
    }

    /** The app's records on slipway.logs, once there are at least {@code count}. */
    private List<ConsumerRecord<String, String>> awaitRecords(UUID app, int count) {
        return TestEvents.await(() -> records(app), r -> r.size() >= count, Duration.ofSeconds(30));
    }

    private List<ConsumerRecord<String, String>> records(UUID app) {
        Properties p = TestEvents.clientProperties(bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.LOGS).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            var end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, String>> out = new ArrayList<>();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    if (app.toString().equals(r.key())) {
                        out.add(r);
                    }
                }
            }
            return out;
        }
    }
}
