package dev.slipway.router.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * The API host sending each path to the service that owns it. Real: the router on PostgreSQL and
 * Kafka from devstack, HTTP on loopback. Faked: release-service and config-service
 * ({@link FakeServices}); dyno-manager is a port nobody listens on, builder-service has no URL.
 */
@QuarkusTest
@RouterTestResources
class ApiRoutingTest {

    @Inject
    EdgeServer edge;

    @Test
    void releasesGoToReleaseServiceAsSent() {
        RawHttp.Response r = RawHttp.send(edge.port(), "POST", "localhost:" + edge.port(),
                "/apps/x/releases?source=test", "{\"release\":\"v1\"}", "Authorization: Bearer the-key",
                "Content-Type: application/json");
        assertEquals(201, r.status(), r.body());
        assertTrue(r.body().contains("service=release-service"), r.body());
        assertTrue(r.body().contains("method=POST"), r.body());
        assertTrue(r.body().contains("uri=/apps/x/releases?source=test"), r.body());
        assertTrue(r.body().contains("authorization=Bearer the-key"), r.body());
        assertTrue(r.body().contains("x-forwarded-for=127.0.0.1"), r.body());
        assertTrue(r.body().matches("(?s).*x-request-id=[0-9a-f-]{36}.*"), r.body());
        assertTrue(r.body().endsWith("body={\"release\":\"v1\"}"), r.body());
    }

    @Test
    void everyApiHostNameReachesTheServices() {
        for (String host : new String[] {"127.0.0.1", "[::1]:" + edge.port(), "API.localhost", "LOCALHOST"}) {
            RawHttp.Response r = RawHttp.get(edge.port(), host, "/apps/x/config-vars");
            assertTrue(r.body().contains("service=config-service"), host + ": " + r.body());
        }
        assertTrue(RawHttp.get(edge.port(), "localhost", "/apps").body().contains("service=config-service"));
        assertTrue(RawHttp.get(edge.port(), "localhost", "/account").body().contains("service=config-service"));
        assertTrue(RawHttp.get(edge.port(), "localhost", "/apps/x/formation/web").body()
                .contains("service=release-service"));
    }

    @Test
    void internalAndUnknownPathsAreNotFound() {
        for (String path : new String[] {"/internal/slugs/1", "/internal", "/nope", "/apps/../internal/slugs/1",
                "/apps/%2e%2e/internal/x"}) {
            RawHttp.Response r = RawHttp.get(edge.port(), "localhost", path);
            assertEquals(404, r.status(), path);
            assertEquals("application/json", r.header("Content-Type"));
            assertTrue(r.body().contains("\"id\":\"not_found\""), r.body());
        }
    }

    @Test
    void aServiceThatIsDownIs503() {
        RawHttp.Response down = RawHttp.get(edge.port(), "localhost", "/apps/x/dynos");
        assertEquals(503, down.status());
        assertTrue(down.body().contains("\"id\":\"service_unavailable\""), down.body());
        assertTrue(down.body().contains("dyno-manager"), down.body());

        RawHttp.Response unset = RawHttp.get(edge.port(), "localhost", "/apps/x/builds");
        assertEquals(503, unset.status());
        assertTrue(unset.body().contains("builder-service"), unset.body());
    }
}
