package dev.slipway.router.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.slipway.kit.Db;
import dev.slipway.router.domain.Routing;
import dev.slipway.router.domain.RoutingRows;
import dev.slipway.router.persistence.RoutingRepository;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A router that starts with routing rows already stored serves them without waiting for events.
 * Real: the router's schema on PostgreSQL from devstack, the start-up rebuild, HTTP on loopback.
 * Faked: the dyno (FakeDyno); the rows are written directly, as an earlier run would have left them.
 */
@QuarkusTest
@RouterTestResources
class RestartTest {

    @Inject
    EdgeServer edge;

    @Inject
    Db db;

    @Inject
    RoutingRepository repository;

    @Inject
    Routing routing;

    @Test
    void storedRowsAreRoutedByTheStartUpRebuild() throws Exception {
        try (FakeDyno dyno = new FakeDyno("stored", 0)) {
            UUID appId = UUID.randomUUID();
            String name = "stored-" + appId.toString().substring(0, 8);
            db.inTransaction(tx -> {
                repository.upsertApp(tx, appId, name, false);
                repository.upsertDyno(tx, new RoutingRows.Dyno(UUID.randomUUID(), appId, "web.1", "web", "up",
                        "127.0.0.1", dyno.port()), 1);
                return null;
            });
            // what EdgeServer does at start-up, before it listens
            routing.rebuild();
            RawHttp.Response r = RawHttp.get(edge.port(), name + ".localhost", "/");
            assertEquals(200, r.status());
            assertEquals("stored", r.header("X-Dyno"));
        }
    }
}
