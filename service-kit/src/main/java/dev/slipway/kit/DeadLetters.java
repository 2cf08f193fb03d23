package dev.slipway.kit;

import dev.slipway.events.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.jboss.logging.Logger;

/**
 * Where a consumer loop puts a record it gives up on: {@link Topics#DEAD_LETTERS}, with the
 * original key and value bytes untouched (so an operator can re-send the record to its topic as it
 * was) and the reason in headers ({@code slipway.dlt.*}). A send is acknowledged before the loop
 * commits past the record; when the broker does not take it, the loop fails and restarts, and the
 * record comes back: dead letters are at least once, like everything else on the broker.
 */
final class DeadLetters implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(DeadLetters.class);
    static final String HEADER = "slipway.dlt.";
    /** An exception's message can quote a whole record; a header keeps its first few KB. */
    private static final int MAX_ERROR_CHARS = 2000;

    /** Why a record was given up on: the {@code slipway.dlt.reason} header. */
    enum Reason {
        /** not UTF-8, not JSON, not an envelope, or an unknown type or schema version */
        UNDECODABLE,
        /** the envelope's producer does not own the topic, or the event does not belong on it */
        FORGED,
        /** the handlers failed on it every try while the database answered */
        FAILED;

        String header() {
            return name().toLowerCase();
        }
    }

    private final String bootstrapServers;
    private final String group;
    private final AtomicLong count = new AtomicLong();
    private KafkaProducer<byte[], byte[]> producer;

    DeadLetters(String bootstrapServers, String group) {
        this.bootstrapServers = bootstrapServers;
        this.group = group;
    }

    /** Sends the record to the dead letters and waits for the broker's ack; throws when it does not come. */
    void send(ConsumerRecord<byte[], byte[]> record, Reason reason, String error, int attempts) {
        String bounded = error == null ? "" : error.length() > MAX_ERROR_CHARS ? error.substring(0, MAX_ERROR_CHARS) : error;
        ProducerRecord<byte[], byte[]> letter = new ProducerRecord<>(Topics.DEAD_LETTERS, record.key(), record.value());
        Headers h = letter.headers();
        header(h, "topic", record.topic());
        header(h, "partition", Integer.toString(record.partition()));
        header(h, "offset", Long.toString(record.offset()));
        header(h, "group", group);
        header(h, "reason", reason.header());
        header(h, "error", bounded);
        header(h, "attempts", Integer.toString(attempts));
        header(h, "at", Instant.now().toString());
        try {
            producer().send(letter).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while dead-lettering", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not dead-letter " + where(record) + ": " + e.getMessage(), e);
        }
        count.incrementAndGet();
        LOG.errorf("dead-lettered %s (group %s, %s after %d attempt(s)): %s", where(record), group, reason.header(),
                attempts, bounded);
    }

    /** How many records this loop has dead-lettered since it started. */
    long count() {
        return count.get();
    }

    static String where(ConsumerRecord<?, ?> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }

    private static void header(Headers headers, String name, String value) {
        headers.add(HEADER + name, StorableText.of(value).getBytes(StandardCharsets.UTF_8));
    }

    /** Made on the first dead letter: most loops never need one, and a producer is a thread. */
    private synchronized KafkaProducer<byte[], byte[]> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(KafkaClients.deadLetterProducer(bootstrapServers, group));
        }
        return producer;
    }

    @Override
    public synchronized void close() {
        if (producer != null) {
            producer.close(java.time.Duration.ofSeconds(5));
        }
    }
}
