package dev.slipway.kit;

import dev.slipway.events.EventCodec;
import dev.slipway.events.EventEnvelope;
import dev.slipway.events.Topics;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

/**
 * One record's way through the consumer: decode, check that its producer owns the topic, apply it
 * in one transaction that first records its event id. What cannot be applied goes to the dead
 * letters and the consumer moves on; what fails because the database is down waits.
 *
 * <p>A record that does not decode or is forged is dead-lettered at once: trying again cannot
 * change the answer. A record whose handlers fail while the database answers is tried
 * {@link #ATTEMPTS} times, {@link #BACKOFF_MILLIS} apart (a deadlock or a serialization failure
 * clears by then), then dead-lettered: about a second and a quarter per poison record.
 */
final class RecordProcessor {
    private static final Logger LOG = Logger.getLogger(RecordProcessor.class);
    static final int ATTEMPTS = 3;
    private static final long[] BACKOFF_MILLIS = {250, 1000};

    /** What became of a record. */
    enum Outcome {
        APPLIED,
        DEAD_LETTERED,
        /** not applied, not dead-lettered: the database is down; the record must be tried again later */
        DATABASE_DOWN
    }

    private final Db db;
    private final List<EventHandler> handlers;
    private final DeadLetters deadLetters;

    RecordProcessor(Db db, List<EventHandler> handlers, DeadLetters deadLetters) {
        this.db = db;
        this.handlers = List.copyOf(handlers);
        this.deadLetters = deadLetters;
    }

    /** Errors (not exceptions) from a handler are thrown on: the loop restarts and the record comes again. */
    Outcome process(ConsumerRecord<byte[], byte[]> record) {
        EventEnvelope envelope;
        try {
            envelope = EventCodec.fromJson(utf8(record.value()));
        } catch (EventCodec.MalformedEventException e) {
            deadLetters.send(record, DeadLetters.Reason.UNDECODABLE, e.getMessage(), 1);
            return Outcome.DEAD_LETTERED;
        }
        String forgery = forgery(record.topic(), envelope);
        if (forgery != null) {
            deadLetters.send(record, DeadLetters.Reason.FORGED, forgery, 1);
            return Outcome.DEAD_LETTERED;
        }
        for (int attempt = 1; ; attempt++) {
            try {
                apply(envelope);
                return Outcome.APPLIED;
            } catch (RuntimeException e) {
                if (DatabaseOutage.isOutage(e) || !DatabaseOutage.databaseAnswers(db)) {
                    LOG.warnf("event at %s waits: the database does not answer (%s)", DeadLetters.where(record),
                            e.getMessage());
                    return Outcome.DATABASE_DOWN;
                }
                if (attempt == ATTEMPTS) {
                    deadLetters.send(record, DeadLetters.Reason.FAILED, e.getClass().getName() + ": " + e.getMessage(),
                            attempt);
                    return Outcome.DEAD_LETTERED;
                }
                LOG.warnf("event %s %s at %s failed (attempt %d of %d), trying again in %d ms: %s", envelope.type(),
                        envelope.eventId(), DeadLetters.where(record), attempt, ATTEMPTS, BACKOFF_MILLIS[attempt - 1],
                        e.getMessage());
                sleep(BACKOFF_MILLIS[attempt - 1]);
            }
        }
    }

    boolean databaseAnswers() {
        return DatabaseOutage.databaseAnswers(db);
    }

    /** Why the envelope may not travel on the topic, or null when it may. */
    static String forgery(String topic, EventEnvelope envelope) {
        String home = Topics.of(envelope.payload());
        if (!home.equals(topic)) {
            return envelope.type() + " belongs on " + home + ", not on " + topic;
        }
        if (!Topics.owns(envelope.producer(), topic)) {
            return "producer '" + envelope.producer() + "' does not own " + topic + " (owners: " + Topics.owners(topic) + ")";
        }
        return null;
    }

    /** Applies one envelope: the event id and every interested handler's change in one transaction. */
    void apply(EventEnvelope envelope) {
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

    /** Strict UTF-8: a record that is not text is undecodable, not silently repaired. */
    private static String utf8(byte[] bytes) {
        if (bytes == null) {
            throw new EventCodec.MalformedEventException("a record without a value");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new EventCodec.MalformedEventException("not UTF-8: " + e.getMessage());
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
