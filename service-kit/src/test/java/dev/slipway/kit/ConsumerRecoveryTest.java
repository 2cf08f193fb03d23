package dev.slipway.kit;

import static dev.slipway.kit.OutboxToConsumerTest.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.devstack.Devstack;
import dev.slipway.devstack.PostgresServer;
import dev.slipway.events.DomainAdded;
import dev.slipway.events.EventCodec;
import dev.slipway.events.EventEnvelope;
import dev.slipway.events.Topics;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A consumer loop that fails comes back by itself, and an outage of PostgreSQL dead-letters nothing.
 * Real: the Kafka broker from devstack, PostgreSQL (the shared one, and for the outage a server of
 * this test's own that it stops and starts), the loop, the readiness report. Faked: nothing; the
 * handler is a real one that throws an Error or stalls when the test says so.
 */
class ConsumerRecoveryTest {
    private final AtomicBoolean failing = new AtomicBoolean();
    private volatile long stallMillis;
    private Db db;
    private EventConsumerLoop loop;
    private KitKafka kafka = new KitKafka();
    private PostgresServer ownPostgres;

    @AfterEach
    void stop() {
        if (loop != null) {
            loop.close();
        }
        kafka.close();
        if (ownPostgres != null) {
            ownPostgres.stop();
        }
    }

    @Test
    void a_loop_whose_handler_throws_an_error_is_down_and_not_ready_then_comes_back() {
        start(KitDatabase.fresh(), new Properties());
        failing.set(true);
        UUID app = UUID.randomUUID();
        EventEnvelope sent = send(app, "down.example.com");

        await(() -> loop.status().restarts() >= 2); // the record comes again after a restart, and fails again
        await(() -> loop.status().state() == EventConsumerLoop.State.DOWN);
        assertEquals(HealthCheckResponse.Status.DOWN, readiness().getStatus());
        assertTrue(loop.status().lastFailure().contains("handler gave up"), loop.status().lastFailure());
        assertEquals(0, applied(sent.eventId()));

        failing.set(false);
        await(() -> applied(sent.eventId()) == 1);
        await(() -> loop.status().state() == EventConsumerLoop.State.RUNNING);
        assertEquals(HealthCheckResponse.Status.UP, readiness().getStatus());
        assertTrue(KitKafka.deadLetters(app.toString()).isEmpty(), "an Error is the service's fault, not the record's");
    }

    /** The "consumer poll timeout has expired": the commit that follows fails, and the loop makes a new consumer. */
    @Test
    void a_commit_after_the_poll_interval_expired_makes_a_new_consumer_and_applies_nothing_twice() {
        Properties overrides = new Properties();
        overrides.put("max.poll.interval.ms", "2000");
        start(KitDatabase.fresh(), overrides);
        UUID app = UUID.randomUUID();
        EventEnvelope warmUp = send(app, "warm.example.com");
        await(() -> applied(warmUp.eventId()) == 1);

        stallMillis = 4000;
        EventEnvelope slow = send(app, "slow.example.com");
        await(() -> loop.status().restarts() >= 1);
        assertTrue(loop.status().lastFailure().contains("CommitFailedException"), loop.status().lastFailure());
        stallMillis = 0;
        EventEnvelope after = send(app, "after.example.com");
        await(() -> applied(after.eventId()) == 1);
        assertEquals(1, applied(slow.eventId()));
        await(() -> loop.status().state() == EventConsumerLoop.State.RUNNING);
    }

    @Test
    void while_postgresql_is_down_good_records_wait_and_none_is_dead_lettered() throws Exception {
        Path dir = Devstack.shared().newDirectory("outage-pg");
        ownPostgres = new PostgresServer(dir.resolve("data"), 0, dir.resolve("postgres.log"), false).start();
        start(dataSource(ownPostgres), new Properties());
        UUID app = UUID.randomUUID();
        EventEnvelope before = send(app, "before.example.com");
        await(() -> applied(before.eventId()) == 1);

        ownPostgres.stop();
        EventEnvelope during1 = send(app, "during-1.example.com");
        EventEnvelope during2 = send(app, "during-2.example.com");
        await(() -> loop.status().state() == EventConsumerLoop.State.WAITING_FOR_DATABASE);
        assertEquals(HealthCheckResponse.Status.DOWN, readiness().getStatus());
        Thread.sleep(4000); // several rounds of trying: still nothing dead-lettered
        assertTrue(KitKafka.deadLetters(app.toString()).isEmpty());

        ownPostgres.start();
        long back = System.nanoTime();
        await(() -> applied(during2.eventId()) == 1);
        System.out.printf("records that waited for PostgreSQL were applied %d ms after it was back%n",
                (System.nanoTime() - back) / 1_000_000);
        assertEquals(1, applied(during1.eventId()));
        assertTrue(KitKafka.deadLetters(app.toString()).isEmpty());
        await(() -> loop.status().state() == EventConsumerLoop.State.RUNNING);
    }

    private void start(DataSource dataSource, Properties overrides) {
        db = new Db(dataSource);
        db.inTransaction(tx -> tx.createStatement().executeUpdate("CREATE TABLE applied (event_id uuid NOT NULL)"));
        loop = new EventConsumerLoop(db, List.of(new MoodyHandler()), KitDatabase.bootstrapServers(),
                "recovery-test-" + UUID.randomUUID(), overrides).start();
    }

    private EventEnvelope send(UUID app, String hostname) {
        EventEnvelope envelope = EventEnvelope.wrap(new DomainAdded(app, hostname), "config-service");
        kafka.send(Topics.CONFIG, app.toString(), EventCodec.toJson(envelope));
        return envelope;
    }

    private HealthCheckResponse readiness() {
        return KitReadiness.report(true, List.of(loop.status()));
    }

    private static DataSource dataSource(PostgresServer postgres) {
        String password = postgres.provisionService("outage", "r_outage");
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(postgres.jdbcUrl());
        dataSource.setUser("r_outage");
        dataSource.setPassword(password);
        dataSource.setConnectTimeout(2);
        KitMigrations.migrate(dataSource);
        return dataSource;
    }

    private int applied(UUID eventId) {
        return db.read(c -> {
            try (ResultSet rs = c.createStatement().executeQuery(
                    "SELECT count(*) FROM applied WHERE event_id = '" + eventId + "'")) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    /** Records each DomainAdded; throws an Error while the test says so, or stalls before recording. */
    private final class MoodyHandler implements EventHandler {
        @Override
        public Set<String> topics() {
            return Set.of(Topics.CONFIG);
        }

        @Override
        public void handle(Connection tx, EventEnvelope envelope) throws SQLException {
            if (!(envelope.payload() instanceof DomainAdded)) {
                return;
            }
            if (failing.get()) {
                throw new AssertionError("handler gave up");
            }
            if (stallMillis > 0) {
                try {
                    Thread.sleep(stallMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            try (PreparedStatement insert = tx.prepareStatement("INSERT INTO applied (event_id) VALUES (?)")) {
                insert.setObject(1, envelope.eventId());
                insert.executeUpdate();
            }
        }
    }
}
