package dev.slipway.router.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.events.EventCodec;
import dev.slipway.events.LogLines;
import dev.slipway.events.Topics;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

// Real: the grouping, the JSON and EventCodec reading it. Faked: Kafka (kafka-clients' MockProducer).
class AppBatchesTest {
    private final AtomicLong dropped = new AtomicLong();

    @Test
    void oneRecordPerAppPerFlushKeyedByTheAppWithItsLinesInOrder() {
        MockProducer<String, String> kafka = kafka(true);
        AppBatches batches = new AppBatches(kafka, dropped);
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        batches.accept(a, 1, "a1");
        batches.accept(b, 2, "b1");
        batches.accept(a, 3, "a2");
        batches.sendAll();
        batches.accept(a, 4, "a3");
        batches.sendAll();

        List<ProducerRecord<String, String>> sent = kafka.history();
        assertEquals(3, sent.size());
        assertEquals(List.of(a.toString(), b.toString(), a.toString()), sent.stream().map(ProducerRecord::key).toList());
        sent.forEach(r -> assertEquals(Topics.LOGS, r.topic()));
        assertEquals(List.of(List.of("a1", "a2"), List.of("b1"), List.of("a3")), sent.stream().map(r -> messages(r)).toList());
    }

    @Test
    void aFloodOfOneAppIsSplitIntoRecordsKafkaAccepts() {
        MockProducer<String, String> kafka = kafka(true);
        AppBatches batches = new AppBatches(kafka, dropped);
        UUID app = UUID.randomUUID();
        String line = "at=info method=GET path=\"/" + "\u00e9".repeat(300) + "\" status=200";
        int count = 5_000;
        for (int i = 0; i < count; i++) {
            batches.accept(app, i, line + " n=" + i);
        }
        batches.sendAll();

        List<ProducerRecord<String, String>> sent = kafka.history();
        assertTrue(sent.size() > 1, "records: " + sent.size());
        sent.forEach(r -> assertTrue(r.value().getBytes(StandardCharsets.UTF_8).length < 1_000_000));
        List<String> all = sent.stream().flatMap(r -> messages(r).stream()).toList();
        assertEquals(count, all.size());
        for (int i = 0; i < count; i++) {
            assertTrue(all.get(i).endsWith(" n=" + i), all.get(i));
        }
    }

    @Test
    void linesKafkaRefusesAreCountedAsDropped() {
        MockProducer<String, String> kafka = kafka(false);
        AppBatches batches = new AppBatches(kafka, dropped);
        batches.accept(UUID.randomUUID(), 1, "one");
        batches.accept(UUID.randomUUID(), 2, "two");
        batches.accept(UUID.randomUUID(), 3, "three");
        assertEquals(null, batches.sendAll());
        kafka.errorNext(new TimeoutException("broker gone"));
        kafka.completeNext();
        kafka.errorNext(new TimeoutException("broker gone"));
        assertEquals(2, dropped.get());

        kafka.sendException = new TimeoutException("no metadata");
        UUID app = UUID.randomUUID();
        batches.accept(app, 4, "four");
        batches.accept(app, 5, "five");
        assertNotNull(batches.sendAll());
        assertEquals(4, dropped.get());
    }

    private static MockProducer<String, String> kafka(boolean autoComplete) {
        return new MockProducer<>(autoComplete, null, new StringSerializer(), new StringSerializer());
    }

    private static List<String> messages(ProducerRecord<String, String> record) {
        return ((LogLines) EventCodec.fromJson(record.value()).payload()).lines().stream().map(LogLines.Line::message)
                .toList();
    }
}
