package dev.slipway.kit;

import dev.slipway.events.Event;
import dev.slipway.events.EventCodec;
import dev.slipway.events.EventEnvelope;
import dev.slipway.events.Topics;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * The producing half of every event: the envelope is written in the caller's transaction, beside
 * the state change it announces, and {@link OutboxRelay} sends it to Kafka after the commit.
 * Business code never talks to Kafka directly.
 */
public class Outbox {
    private final String producer;

    public Outbox(String producer) {
        this.producer = producer;
    }

    public EventEnvelope publish(Connection tx, Event event) throws SQLException {
        EventEnvelope envelope = EventEnvelope.wrap(event, producer);
        try (PreparedStatement insert = tx.prepareStatement(
                "INSERT INTO kit_outbox (event_id, topic, partition_key, envelope) VALUES (?, ?, ?, ?)")) {
            insert.setObject(1, envelope.eventId());
            insert.setString(2, Topics.of(event));
            insert.setString(3, event.partitionKey() == null ? null : event.partitionKey().toString());
            insert.setString(4, EventCodec.toJson(envelope));
            insert.executeUpdate();
        }
        return envelope;
    }
}
