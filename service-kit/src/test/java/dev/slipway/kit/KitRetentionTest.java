package dev.slipway.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.ResultSet;
import org.junit.jupiter.api.Test;

/**
 * What a pruning round keeps and deletes. Real: PostgreSQL from devstack and the kit's migrations
 * (the age indexes of V3). Faked: the rows' ages, written into the tables directly.
 */
class KitRetentionTest {

    @Test
    void old_event_ids_and_long_sent_outbox_rows_go_the_rest_stays() {
        Db db = new Db(KitDatabase.fresh());
        db.inTransaction(tx -> {
            var s = tx.createStatement();
            // 12,000 ids past the 15 days (more than one delete batch), 3 younger ones
            s.executeUpdate("INSERT INTO kit_processed_event (event_id, processed_at)"
                    + " SELECT gen_random_uuid(), now() - interval '16 days' FROM generate_series(1, 12000)");
            s.executeUpdate("INSERT INTO kit_processed_event (event_id, processed_at) VALUES"
                    + " (gen_random_uuid(), now() - interval '14 days'), (gen_random_uuid(), now()), (gen_random_uuid(), now())");
            s.executeUpdate("INSERT INTO kit_outbox (event_id, topic, envelope, created_at, sent_at) VALUES"
                    + " (gen_random_uuid(), 't', '{}', now() - interval '2 days', now() - interval '2 days'),"
                    + " (gen_random_uuid(), 't', '{}', now() - interval '3 hours', now() - interval '3 hours'),"
                    + " (gen_random_uuid(), 't', '{}', now() - interval '3 days', NULL)");
            return null;
        });

        KitRetention.Pruned pruned = new KitRetention(db).prune();

        assertEquals(12000, pruned.processedEvents());
        assertEquals(1, pruned.outboxRows());
        assertEquals(3, count(db, "SELECT count(*) FROM kit_processed_event"));
        // the unsent row stays however old it is: the relay still owes it to the broker
        assertEquals(1, count(db, "SELECT count(*) FROM kit_outbox WHERE sent_at IS NULL"));
        assertEquals(2, count(db, "SELECT count(*) FROM kit_outbox"));
        assertEquals(new KitRetention.Pruned(0, 0), new KitRetention(db).prune());
    }

    private static int count(Db db, String sql) {
        return db.read(c -> {
            try (ResultSet rs = c.createStatement().executeQuery(sql)) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }
}
