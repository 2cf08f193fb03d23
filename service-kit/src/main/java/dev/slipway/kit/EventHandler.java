package dev.slipway.kit;

import dev.slipway.events.EventEnvelope;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;

/**
 * A service's reaction to events. {@link #handle} runs inside the transaction that also records
 * the event id, so a redelivered event changes nothing; it is called once per event id. Dispatch
 * with a {@code switch} over {@code envelope.payload()}.
 */
public interface EventHandler {

    /** The topics this handler needs (from {@code dev.slipway.events.Topics}). */
    Set<String> topics();

    void handle(Connection tx, EventEnvelope envelope) throws SQLException;

    /** Called after the transaction of {@link #handle} committed: for in-memory state and waiters. */
    default void afterCommit(EventEnvelope envelope) {}
}
