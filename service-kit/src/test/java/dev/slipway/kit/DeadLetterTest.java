package dev.slipway.kit;

import static dev.slipway.kit.OutboxToConsumerTest.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.events.ApiKeyIssued;
import dev.slipway.events.DomainAdded;
import dev.slipway.events.DynoStateChanged;
import dev.slipway.events.Event;
import dev.slipway.events.EventCodec;
import dev.slipway.events.EventEnvelope;
import dev.slipway.events.Topics;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bad records never stop a consumer: PostgreSQL's own refusal of a NUL, records that do not decode,
 * forged producers. Real: PostgreSQL and the Kafka broker from devstack, a plain Kafka producer
 * sending what anyone on the host could, the consumer loop, its dead-letter producer. Faked:
 * nothing; the handler is a real one that stores each DomainAdded in a jsonb column.
 */
class DeadLetterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String group = "dlt-test-" + UUID.randomUUID();
    private Db db;
    private EventConsumerLoop loop;
    private KitKafka kafka;

    @BeforeEach
    void start() {
        db = new Db(KitDatabase.fresh());
        db.inTransaction(tx -> tx.createStatement().executeUpdate("CREATE TABLE applied (event_id uuid NOT NULL, doc jsonb NOT NULL)"));
        loop = new EventConsumerLoop(db, List.of(new AccessDirectory(), new JsonbHandler()), KitDatabase.bootstrapServers(),
                group).start();
        kafka = new KitKafka();
    }

    @AfterEach
    void stop() {
        loop.close();
        kafka.close();
    }

    /** The scenario in the kit: jsonb refuses {@code \u0000}; the next record of the partition still goes through. */
    @Test
    void a_record_postgresql_cannot_store_is_dead_lettered_after_three_tries_and_the_next_is_applied() {
        UUID app = UUID.randomUUID();
        EventEnvelope poison = envelope(new DomainAdded(app, "bad\u0000host.example.com"), "config-service");
        String poisonJson = EventCodec.toJson(poison);
        await(() -> loop.status().state() == EventConsumerLoop.State.RUNNING);
        long sent = System.nanoTime();
        kafka.send(Topics.CONFIG, app.toString(), poisonJson);
        EventEnvelope good = envelope(new DomainAdded(app, "good.example.com"), "config-service");
        kafka.send(Topics.CONFIG, app.toString(), EventCodec.toJson(good));

        await(() -> applied(good.eventId()) == 1);
        System.out.printf("the record behind a poison one was applied %d ms after the poison was sent%n",
                (System.nanoTime() - sent) / 1_000_000);
        assertEquals(0, applied(poison.eventId()));
        List<KitKafka.DeadLetter> letters = KitKafka.deadLetters(app.toString());
        assertEquals(1, letters.size(), letters.toString());
        KitKafka.DeadLetter letter = letters.getFirst();
        assertArrayEquals(poisonJson.getBytes(StandardCharsets.UTF_8), letter.value());
        assertEquals("failed", letter.header("reason"));
        assertEquals("3", letter.header("attempts"));
        assertEquals(Topics.CONFIG, letter.header("topic"));
        assertEquals(group, letter.header("group"));
        assertTrue(Long.parseLong(letter.header("offset")) >= 0);
        assertTrue(Integer.parseInt(letter.header("partition")) >= 0);
        assertTrue(letter.header("error").contains("unsupported Unicode escape sequence"), letter.header("error"));
        assertTrue(loop.status().deadLetters() >= 1);
        assertEquals(EventConsumerLoop.State.RUNNING, loop.status().state());
    }

    @Test
    void records_that_do_not_decode_are_dead_lettered_and_never_stop_the_consumer() {
        UUID app = UUID.randomUUID();
        String valid = EventCodec.toJson(envelope(new DomainAdded(app, "x.example.com"), "config-service"));
        List<byte[]> bad = List.of(
                bytes("not json"),
                bytes("[]"),
                bytes(valid.replace("\"type\":\"DomainAdded\"", "\"type\":\"DomainStolen\"")),
                bytes(valid.replace("\"schemaVersion\":1", "\"schemaVersion\":99")),
                bytes(valid.replaceAll("\"eventId\":\"[^\"]*\",", "")),
                new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}'});  // not UTF-8
        bad.forEach(value -> kafka.send(Topics.CONFIG, app.toString(), value));
        EventEnvelope marker = envelope(new DomainAdded(app, "after.example.com"), "config-service");
        kafka.send(Topics.CONFIG, app.toString(), EventCodec.toJson(marker));

        await(() -> applied(marker.eventId()) == 1);
        List<KitKafka.DeadLetter> letters = KitKafka.deadLetters(app.toString());
        assertEquals(bad.size(), letters.size(), letters.toString());
        for (int i = 0; i < bad.size(); i++) {
            assertArrayEquals(bad.get(i), letters.get(i).value(), "dead letter " + i + " keeps the original bytes");
            assertEquals("undecodable", letters.get(i).header("reason"));
            assertEquals("1", letters.get(i).header("attempts"));
        }
        assertTrue(letters.get(2).header("error").contains("DomainStolen"));
        assertTrue(letters.get(3).header("error").contains("schemaVersion 99"));
        assertTrue(letters.get(5).header("error").contains("UTF-8"));
        assertTrue(loop.status().deadLetters() >= bad.size());
    }

    /** The forgery: a plain producer on the host makes itself admin. It changes nothing. */
    @Test
    void a_forged_admin_key_changes_nothing() {
        String key = "forged-" + UUID.randomUUID();
        UUID account = UUID.randomUUID();
        UUID app = UUID.randomUUID();
        String partition = account.toString();
        ApiKeyIssued admin = new ApiKeyIssued(account, "mallory@example.com", ApiKeys.hash(key), true);
        // not config-service's; config-service's on another service's topic; dyno events on the wrong topic or by the wrong producer
        kafka.send(Topics.CONFIG, partition, EventCodec.toJson(envelope(admin, "dyno-manager")));
        kafka.send(Topics.CONFIG, partition, EventCodec.toJson(envelope(admin, "")));
        kafka.send(Topics.DYNOS, partition, EventCodec.toJson(envelope(admin, "config-service")));
        DynoStateChanged elsewhere = new DynoStateChanged(app, UUID.randomUUID(), "web.1", "web", 1, "up", "10.0.0.66", 80);
        kafka.send(Topics.CONFIG, partition, EventCodec.toJson(envelope(elsewhere, "config-service")));
        kafka.send(Topics.DYNOS, partition, EventCodec.toJson(envelope(elsewhere, "router")));
        EventEnvelope marker = envelope(new DomainAdded(app, "marker.example.com"), "config-service");
        kafka.send(Topics.CONFIG, partition, EventCodec.toJson(marker));

        await(() -> applied(marker.eventId()) == 1);
        await(() -> KitKafka.deadLetters(partition).size() == 5);
        KitKafka.deadLetters(partition).forEach(letter -> assertEquals("forged", letter.header("reason")));
        HerokuError refused = assertThrows(HerokuError.class, () -> new AccessGuard(db).authenticate("Bearer " + key));
        assertEquals(401, refused.status());
        assertEquals(0, count("SELECT count(*) FROM kit_api_key WHERE account_id = '" + account + "'"));
        // two topics: their dead letters may come in either order
        List<String> errors = KitKafka.deadLetters(partition).stream().map(l -> l.header("error")).toList();
        assertTrue(errors.stream().anyMatch(e -> e.contains("producer 'dyno-manager' does not own slipway.config")), errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.contains("ApiKeyIssued belongs on slipway.config, not on slipway.dynos")),
                errors.toString());
    }

    @Test
    void the_dead_letter_topic_is_in_no_consumers_subscription() {
        EventHandler reader = new EventHandler() {
            @Override
            public Set<String> topics() {
                return Set.of(Topics.CONFIG, Topics.DEAD_LETTERS);
            }

            @Override
            public void handle(Connection tx, EventEnvelope envelope) {
            }
        };
        assertThrows(IllegalArgumentException.class,
                () -> new EventConsumerLoop(db, List.of(reader), KitDatabase.bootstrapServers(), "never"));
    }

    private static EventEnvelope envelope(Event event, String producer) {
        return EventEnvelope.wrap(event, producer);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private int applied(UUID eventId) {
        return count("SELECT count(*) FROM applied WHERE event_id = '" + eventId + "'");
    }

    private int count(String sql) {
        return db.read(c -> {
            try (ResultSet rs = c.createStatement().executeQuery(sql)) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    /** Stores each DomainAdded as a jsonb document, as release-service stores process types. */
    private static final class JsonbHandler implements EventHandler {
        @Override
        public Set<String> topics() {
            return Set.of(Topics.CONFIG, Topics.DYNOS);
        }

        @Override
        public void handle(Connection tx, EventEnvelope envelope) throws SQLException {
            if (envelope.payload() instanceof DomainAdded e) {
                try (PreparedStatement insert = tx.prepareStatement("INSERT INTO applied (event_id, doc) VALUES (?, ?::jsonb)")) {
                    insert.setObject(1, envelope.eventId());
                    insert.setString(2, json(Map.of("hostname", e.hostname())));
                    insert.executeUpdate();
                }
            }
        }

        private static String json(Object value) {
            try {
                return JSON.writeValueAsString(value);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
