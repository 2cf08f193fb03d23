package dev.slipway.kit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

// Pure: which failures DatabaseOutage blames on the database. The probe against a stopped server is ConsumerRecoveryTest's.
class DatabaseOutageTest {

    @Test
    void connection_resource_and_shutdown_states_are_outages() {
        for (String state : new String[] {"08001", "08006", "53100", "53300", "57P01", "57P03", "58030", "25006"}) {
            assertTrue(DatabaseOutage.isOutage(wrapped(state)), state);
        }
        // a pool that could not hand out a connection says no SQLSTATE at all
        assertTrue(DatabaseOutage.isOutage(new Db.DbException(new SQLException("Acquisition timeout"))));
    }

    @Test
    void data_constraint_and_transient_conflict_states_are_the_records() {
        // 22P05 is jsonb's "unsupported Unicode escape sequence", 22021 text's NUL
        for (String state : new String[] {"22P05", "22021", "23505", "23503", "40001", "40P01", "42703", "57014"}) {
            assertFalse(DatabaseOutage.isOutage(wrapped(state)), state);
        }
        assertFalse(DatabaseOutage.isOutage(new IllegalStateException("a handler's own refusal")));
        assertFalse(DatabaseOutage.isOutage(new NullPointerException()));
    }

    private static RuntimeException wrapped(String sqlState) {
        return new IllegalStateException("handler", new Db.DbException(new SQLException("failed", sqlState)));
    }
}
