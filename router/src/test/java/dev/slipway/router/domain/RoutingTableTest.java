package dev.slipway.router.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Building the in-memory table from stored rows: pure, nothing faked. */
class RoutingTableTest {
    private final UUID hello = UUID.randomUUID();
    private final UUID broken = UUID.randomUUID();
    private final UUID web1 = UUID.randomUUID();
    private final UUID web2 = UUID.randomUUID();
    private final UUID worker = UUID.randomUUID();

    private RoutingRows rows(int web2Port) {
        return new RoutingRows(
                List.of(new RoutingRows.App(hello, "hello", false), new RoutingRows.App(broken, "broken", true)),
                List.of(new RoutingRows.Domain("WWW.Example.com", hello), new RoutingRows.Domain("x.test", UUID.randomUUID())),
                List.of(new RoutingRows.Dyno(web1, hello, "web.1", "web", "up", "127.0.0.1", 5001),
                        new RoutingRows.Dyno(web2, hello, "web.2", "web", "up", "127.0.0.1", web2Port),
                        new RoutingRows.Dyno(worker, hello, "worker.1", "worker", "up", "127.0.0.1", 5009),
                        new RoutingRows.Dyno(UUID.randomUUID(), hello, "web.3", "web", "starting", "127.0.0.1", 5003),
                        new RoutingRows.Dyno(UUID.randomUUID(), broken, "web.1", "web", "crashed", "127.0.0.1", 0)));
    }

    @Test
    void routesAppHostsAndCustomDomainsToUpWebDynos() {
        RoutingTable table = RoutingTable.build("localhost", rows(5002), RoutingTable.EMPTY);
        AppRoute route = table.app("hello.localhost");
        assertEquals("hello", route.name());
        assertEquals(List.of("web.1", "web.2"), route.backends().stream().map(Backend::name).toList());
        assertFalse(route.crashed());
        assertSame(route, table.app("www.example.com"));
        assertNull(table.app("x.test"), "a domain of an unknown app routes nowhere");
        assertNull(table.app("nope.localhost"));

        AppRoute brokenRoute = table.app("broken.localhost");
        assertTrue(brokenRoute.maintenance());
        assertTrue(brokenRoute.crashed());
        assertTrue(brokenRoute.backends().isEmpty());
    }

    @Test
    void aRebuildKeepsTheCountersOfDynosThatDidNotMove() {
        RoutingTable first = RoutingTable.build("localhost", rows(5002), RoutingTable.EMPTY);
        Backend one = first.app("hello.localhost").backends().get(0);
        Backend two = first.app("hello.localhost").backends().get(1);
        one.acquire();
        RoutingTable second = RoutingTable.build("localhost", rows(6002), first);
        assertSame(one, second.app("hello.localhost").backends().get(0));
        assertEquals(1, second.app("hello.localhost").backends().get(0).outstanding());
        assertNotSame(two, second.app("hello.localhost").backends().get(1), "a dyno that moved is a new backend");
    }
}
