package dev.slipway.kit;

import dev.slipway.events.EventCodec;
import dev.slipway.events.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * The idempotent consumer: one thread, one consumer group. Each record is applied in one database
 * transaction that first records its event id ({@link RecordProcessor}); offsets are committed only
 * after that, so a crash redelivers and the event id table turns the redelivery into a no-op.
 *
 * <p>Nothing stops it for good. A record that cannot be applied is dead-lettered and the loop moves
 * on. While the database is down, the loop seeks back to the first record not applied and polls
 * again after a back-off (1 s doubling to 10 s), so it stays in its group and resumes where it
 * stopped. Anything else that fails (poll, commit, a handler's Error, the broker refusing a dead
 * letter) closes the consumer and makes a new one after a back-off (1 s doubling to 30 s), logged;
 * the state says DOWN meanwhile, and readiness ({@link KitReadiness}) is false.
 */
public class EventConsumerLoop implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(EventConsumerLoop.class);
    private static final Set<EventConsumerLoop> LIVE = ConcurrentHashMap.newKeySet();
    private static final long MAX_OUTAGE_BACKOFF = 10_000;
    private static final long MAX_RESTART_BACKOFF = 30_000;
    private static final long HEALTHY_RUN_NANOS = TimeUnit.MINUTES.toNanos(5);

    /** Where a loop is. Only RUNNING is ready. */
    public enum State { STARTING, RUNNING, WAITING_FOR_DATABASE, DOWN, STOPPED }

    /** What readiness and status show of a loop. */
    public record Status(String group, State state, long deadLetters, long restarts, String lastFailure) {}

    private final String bootstrapServers;
    private final String group;
    private final Properties overrides;
    private final Set<String> topics = new TreeSet<>();
    private final DeadLetters deadLetters;
    private final RecordProcessor processor;
    private final Thread thread;
    private final AtomicLong restarts = new AtomicLong();
    private volatile State state = State.STARTING;
    private volatile String lastFailure;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private volatile boolean running = true;
    private final CountDownLatch closed = new CountDownLatch(1);

    public EventConsumerLoop(Db db, List<EventHandler> handlers, String bootstrapServers, String group) {
        this(db, handlers, bootstrapServers, group, new Properties());
    }

    /** With consumer settings of a test's choosing (a short {@code max.poll.interval.ms}). */
    EventConsumerLoop(Db db, List<EventHandler> handlers, String bootstrapServers, String group, Properties overrides) {
        this.bootstrapServers = bootstrapServers;
        this.group = group;
        this.overrides = overrides;
        handlers.forEach(h -> topics.addAll(h.topics()));
        if (topics.contains(Topics.DEAD_LETTERS)) {
            throw new IllegalArgumentException(Topics.DEAD_LETTERS + " is for operators: no consumer loop reads it");
        }
        this.deadLetters = new DeadLetters(bootstrapServers, group);
        this.processor = new RecordProcessor(db, handlers, deadLetters);
        this.thread = Thread.ofPlatform().name("event-consumer-" + group).daemon().unstarted(this::supervise);
    }

    public EventConsumerLoop start() {
        if (!topics.isEmpty()) {
            LIVE.add(this);
            thread.start();
        }
        return this;
    }

    /** Every started loop of this JVM that is not closed: what readiness checks. */
    public static List<Status> statuses() {
        return LIVE.stream().map(EventConsumerLoop::status).toList();
    }

    public Status status() {
        return new Status(group, state, deadLetters.count(), restarts.get(), lastFailure);
    }

    /** Runs the consumer; when it fails, makes a new one. Only {@link #close} ends this. */
    private void supervise() {
        long backoff = 1000;
        while (running) {
            KafkaConsumer<byte[], byte[]> c = null;
            long born = System.nanoTime();
            try {
                c = newConsumer();
                consumer = c;
                c.subscribe(topics);
                consume(c);
            } catch (Throwable e) {
                // a WakeupException from close() included: then running is false
                if (running) {
                    // a consumer that ran a good while failed for a new reason: the back-off starts over
                    backoff = System.nanoTime() - born > HEALTHY_RUN_NANOS ? 1000 : backoff;
                    fail(e, backoff);
                }
            } finally {
                closeQuietly(c);
            }
            if (running) {
                pause(backoff);
                backoff = Math.min(backoff * 2, MAX_RESTART_BACKOFF);
            }
        }
        state = State.STOPPED;
    }

    private void closeQuietly(KafkaConsumer<byte[], byte[]> c) {
        if (c == null) {
            return;
        }
        try {
            c.close(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            LOG.debugf(e, "closing the consumer of group %s", group);
        }
    }

    private void fail(Throwable e, long backoff) {
        state = State.DOWN;
        restarts.incrementAndGet();
        lastFailure = Instant.now() + " " + e;
        LOG.errorf(e, "consumer loop of group %s failed; a new consumer in %d ms", group, backoff);
    }

    private KafkaConsumer<byte[], byte[]> newConsumer() {
        Properties p = KafkaClients.consumer(bootstrapServers, group);
        p.putAll(overrides);
        return new KafkaConsumer<>(p);
    }

    private void consume(KafkaConsumer<byte[], byte[]> c) {
        long outageBackoff = 1000;
        while (running) {
            ConsumerRecords<byte[], byte[]> records = c.poll(Duration.ofMillis(500));
            if (state != State.WAITING_FOR_DATABASE) {
                state = State.RUNNING;
            }
            if (records.isEmpty()) {
                // waiting with nothing to retry (the partitions moved on a rebalance): ask the database
                if (state == State.WAITING_FOR_DATABASE && processor.databaseAnswers()) {
                    state = State.RUNNING;
                }
                continue;
            }
            Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
            RecordProcessor.Outcome stop = processUntilTrouble(records, done);
            if (!done.isEmpty()) {
                c.commitSync(done);
            }
            if (stop == null) {
                state = State.RUNNING;
                outageBackoff = 1000;
                continue;
            }
            // the rest of the batch comes again from the next poll, so a poll never waits behind
            // more than one failing record (max.poll.interval.ms stays far away)
            for (TopicPartition tp : records.partitions()) {
                OffsetAndMetadata next = done.get(tp);
                c.seek(tp, next != null ? next.offset() : records.records(tp).getFirst().offset());
            }
            if (stop == RecordProcessor.Outcome.DATABASE_DOWN) {
                state = State.WAITING_FOR_DATABASE;
                pause(outageBackoff);
                outageBackoff = Math.min(outageBackoff * 2, MAX_OUTAGE_BACKOFF);
            }
        }
    }

    /** Applies records in order until one is dead-lettered or waits for the database; returns that outcome or null. */
    private RecordProcessor.Outcome processUntilTrouble(ConsumerRecords<byte[], byte[]> records,
                                                        Map<TopicPartition, OffsetAndMetadata> done) {
        for (TopicPartition tp : records.partitions()) {
            for (ConsumerRecord<byte[], byte[]> record : records.records(tp)) {
                if (!running) {
                    return null;
                }
                RecordProcessor.Outcome outcome = processor.process(record);
                if (outcome == RecordProcessor.Outcome.DATABASE_DOWN) {
                    return outcome;
                }
                done.put(tp, new OffsetAndMetadata(record.offset() + 1));
                if (outcome == RecordProcessor.Outcome.DEAD_LETTERED) {
                    return outcome;
                }
            }
        }
        return null;
    }

    /**
     * Applies one envelope as a record on its event's own topic would be: decoded, its producer
     * checked, applied. Throws instead of dead-lettering: for tests that replay an event by hand.
     */
    void apply(String json) {
        var envelope = EventCodec.fromJson(json);
        String forgery = RecordProcessor.forgery(Topics.of(envelope.payload()), envelope);
        if (forgery != null) {
            throw new IllegalArgumentException(forgery);
        }
        processor.apply(envelope);
    }

    /** Waits, but not past {@link #close}. */
    private void pause(long millis) {
        try {
            closed.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        closed.countDown();
        LIVE.remove(this);
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deadLetters.close();
        state = State.STOPPED;
    }
}
