package dev.slipway.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.events.ApiKeyIssued;
import dev.slipway.events.ApiKeyRevoked;
import dev.slipway.events.AppCreated;
import dev.slipway.events.DomainAdded;
import dev.slipway.events.EventCodec;
import dev.slipway.events.EventEnvelope;
import dev.slipway.events.Topics;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The outbox, the relay and the idempotent consumer together. Real: PostgreSQL and a KRaft Kafka
 * broker from devstack, Kafka clients. Faked: nothing; the handler below is a real EventHandler
 * that counts what it applied in a table of its own.
 */
class OutboxToConsumerTest {
    private Db producerDb;
    private Db consumerDb;
    private Outbox outbox;
    private OutboxRelay relay;
    private EventConsumerLoop consumer;

    @BeforeEach
    void start() throws SQLException {
        producerDb = new Db(KitDatabase.fresh());
        consumerDb = new Db(KitDatabase.fresh());
        consumerDb.inTransaction(tx -> tx.createStatement().executeUpdate(
                "CREATE TABLE applied (event_id uuid NOT NULL, hostname text NOT NULL)"));
        outbox = new Outbox("config-service");
        relay = new OutboxRelay(producerDb, KitDatabase.bootstrapServers(), "kit-test").start();
        consumer = new EventConsumerLoop(consumerDb, List.of(new AccessDirectory(), new CountingHandler()),
                KitDatabase.bootstrapServers(), "kit-test-" + UUID.randomUUID()).start();
    }

    @AfterEach
    void stop() {
        consumer.close();
        relay.close();
    }

    @Test
    void an_event_written_with_its_state_change_reaches_the_consumer_once() {
        UUID app = UUID.randomUUID();
        EventEnvelope sent = producerDb.inTransaction(tx -> outbox.publish(tx, new DomainAdded(app, "www.example.com")));

        await(() -> applied(sent.eventId()) == 1);
        await(() -> unsent() == 0);
    }

    @Test
    void a_redelivered_event_changes_nothing() throws Exception {
        UUID app = UUID.randomUUID();
        EventEnvelope sent = producerDb.inTransaction(tx -> outbox.publish(tx, new DomainAdded(app, "again.example.com")));
        await(() -> applied(sent.eventId()) == 1);

        try (KafkaProducer<String, String> raw = rawProducer()) {
            raw.send(new ProducerRecord<>(Topics.CONFIG, app.toString(), EventCodec.toJson(sent))).get();
        }
        EventEnvelope marker = producerDb.inTransaction(tx -> outbox.publish(tx, new DomainAdded(app, "marker.example.com")));
        await(() -> applied(marker.eventId()) == 1);
        assertEquals(1, applied(sent.eventId()));
    }

    @Test
    void a_rolled_back_transaction_sends_nothing() {
        UUID app = UUID.randomUUID();
        assertThrows(IllegalStateException.class, () -> producerDb.inTransaction(tx -> {
            outbox.publish(tx, new DomainAdded(app, "never.example.com"));
            throw new IllegalStateException("the business change failed");
        }));
        EventEnvelope marker = producerDb.inTransaction(tx -> outbox.publish(tx, new DomainAdded(app, "after.example.com")));
        await(() -> applied(marker.eventId()) == 1);
        assertEquals(0, appliedHostname("never.example.com"));
    }

    @Test
    void the_access_directory_learns_apps_from_events() {
        UUID app = UUID.randomUUID();
        UUID owner = UUID.randomUUID();
        producerDb.inTransaction(tx -> outbox.publish(tx, new AppCreated(app, "kit-" + app.toString().substring(0, 8),
                owner, "owner@example.com", Instant.now())));
        AccessGuard guard = new AccessGuard(consumerDb);
        await(() -> guard.find(app.toString()) != null);
        assertEquals(owner, guard.find(app.toString()).ownerId());
    }

    /** The brief's bound: a revoked key is refused everywhere within a second of the revocation's commit. */
    @Test
    void a_revoked_key_is_refused_by_a_consumer_well_within_a_second() {
        AccessGuard guard = new AccessGuard(consumerDb);
        for (int round = 0; round < 5; round++) {
            UUID account = UUID.randomUUID();
            String key = "key-" + UUID.randomUUID();
            producerDb.inTransaction(tx -> outbox.publish(tx, new ApiKeyIssued(account, "k@example.com", ApiKeys.hash(key), false)));
            await(() -> accepts(guard, key));
            producerDb.inTransaction(tx -> outbox.publish(tx, new ApiKeyRevoked(account, ApiKeys.hash(key))));
            long committed = System.nanoTime();
            await(() -> !accepts(guard, key));
            long millis = (System.nanoTime() - committed) / 1_000_000;
            System.out.printf("revoked key refused by the consumer after %d ms%n", millis);
            assertTrue(millis < 1000, "took " + millis + " ms");
        }
    }

    private static boolean accepts(AccessGuard guard, String key) {
        try {
            guard.authenticate("Bearer " + key);
            return true;
        } catch (HerokuError e) {
            return false;
        }
    }

    private KafkaProducer<String, String> rawProducer() {
        Properties p = new Properties();
        p.put("bootstrap.servers", KitDatabase.bootstrapServers());
        p.put("key.serializer", StringSerializer.class.getName());
        p.put("value.serializer", StringSerializer.class.getName());
        KafkaCredentials.apply(p); // the broker wants a login (in tests: devstack's superuser)
        return new KafkaProducer<>(p);
    }

    private int applied(UUID eventId) {
        return count("SELECT count(*) FROM applied WHERE event_id = ?", eventId);
    }

    private int appliedHostname(String hostname) {
        return count("SELECT count(*) FROM applied WHERE hostname = ?", hostname);
    }

    private int unsent() {
        return producerDb.read(c -> {
            try (ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM kit_outbox WHERE sent_at IS NULL")) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    private int count(String sql, Object param) {
        return consumerDb.read(c -> {
            try (PreparedStatement q = c.prepareStatement(sql)) {
                q.setObject(1, param);
                try (ResultSet rs = q.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }

    static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out");
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Records each DomainAdded it applies, in the consumer's transaction. */
    private static final class CountingHandler implements EventHandler {
        @Override
        public Set<String> topics() {
            return Set.of(Topics.CONFIG);
        }

        @Override
        public void handle(Connection tx, EventEnvelope envelope) throws SQLException {
            if (envelope.payload() instanceof DomainAdded e) {
                try (PreparedStatement insert = tx.prepareStatement("INSERT INTO applied (event_id, hostname) VALUES (?, ?)")) {
                    insert.setObject(1, envelope.eventId());
                    insert.setString(2, e.hostname());
                    insert.executeUpdate();
                }
            }
        }
    }
}
