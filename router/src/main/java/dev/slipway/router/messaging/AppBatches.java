package dev.slipway.router.messaging;

import dev.slipway.events.Topics;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The lines of one flush grouped by app, each group sent as one {@code LogLines} record keyed by
 * the app id, so one app's lines keep their order. A group that grows past {@link #MAX_RECORD_CHARS}
 * is sent at once and the app starts a new one. Used by the shipper's worker thread only.
 */
final class AppBatches implements LineBuffer.Sink {
    /** Kafka refuses records over 1 MiB (max.request.size); this stays below even in 3-byte UTF-8. */
    static final int MAX_RECORD_CHARS = 256 * 1024;
    /** Writers kept for the next flush; more apps than this in one flush allocate new ones. */
    private static final int SPARE_WRITERS = 32;

    private final Producer<String, String> producer;
    private final AtomicLong dropped;
    private final IsoMicros times = new IsoMicros();
    /** In the order of each app's first line in this flush. */
    private final Map<UUID, LogLinesJson> open = new LinkedHashMap<>();
    private final ArrayDeque<LogLinesJson> spare = new ArrayDeque<>();
    private RuntimeException failure;

    /** {@code dropped} counts the lines Kafka did not take. */
    AppBatches(Producer<String, String> producer, AtomicLong dropped) {
        this.producer = producer;
        this.dropped = dropped;
    }

    @Override
    public void accept(UUID appId, long atMicros, String message) {
        LogLinesJson json = open.get(appId);
        if (json == null) {
            json = spare.isEmpty() ? new LogLinesJson(times) : spare.pop();
            json.begin(appId, atMicros);
            open.put(appId, json);
        }
        json.add(atMicros, message);
        if (json.length() >= MAX_RECORD_CHARS) {
            send(appId, open.remove(appId));
        }
    }

    /** Sends every open group; returns the first failure of this flush to hand the lines over, if any. */
    RuntimeException sendAll() {
        open.forEach(this::send);
        open.clear();
        RuntimeException first = failure;
        failure = null;
        return first;
    }

    private void send(UUID appId, LogLinesJson json) {
        int lines = json.lines();
        try {
            producer.send(new ProducerRecord<>(Topics.LOGS, appId.toString(), json.end()), (metadata, e) -> {
                if (e != null) {
                    dropped.addAndGet(lines);
                }
            });
        } catch (RuntimeException e) {
            // metadata not there within max.block.ms, or the producer closed: the lines are lost
            dropped.addAndGet(lines);
            if (failure == null) {
                failure = e;
            }
        }
        if (spare.size() < SPARE_WRITERS && json.length() <= MAX_RECORD_CHARS / 4) {
            spare.push(json);
        }
    }
}
