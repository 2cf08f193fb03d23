package dev.slipway.router.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * The dashboard host: its files from the dashboard module's jar, and its {@code /api/} prefix to
 * exactly the API host's routes. Real: the router on PostgreSQL and Kafka from devstack, the
 * bundled dashboard files, HTTP on loopback. Faked: the services behind the API ({@link FakeServices}).
 */
@QuarkusTest
@RouterTestResources
class DashboardHostTest {

    @Inject
    EdgeServer edge;

    @Test
    void servesThePageWithAStrictPolicy() {
        RawHttp.Response page = RawHttp.get(edge.port(), "dashboard.localhost:" + edge.port(), "/");
        assertEquals(200, page.status(), page.body());
        assertEquals("text/html; charset=utf-8", page.header("Content-Type"));
        assertTrue(page.body().contains("<script type=\"module\" src=\"/js/main.js\"></script>"), page.body());
        assertEquals(DashboardFiles.CONTENT_SECURITY_POLICY, page.header("Content-Security-Policy"));
        assertTrue(page.header("Content-Security-Policy").contains("script-src 'self'"));
        assertEquals("nosniff", page.header("X-Content-Type-Options"));

        RawHttp.Response script = RawHttp.get(edge.port(), "Dashboard.Localhost", "/js/main.js?v=1");
        assertEquals(200, script.status());
        assertEquals("text/javascript; charset=utf-8", script.header("Content-Type"));
        assertEquals("text/css; charset=utf-8", RawHttp.get(edge.port(), "dashboard.localhost", "/style.css")
                .header("Content-Type"));
    }

    @Test
    void everyListedFileIsServedAndNothingElse() {
        for (String path : new String[] {"/files", "/nope.js", "/js/", "/../pom.xml", "/index.html/x"}) {
            assertEquals(404, RawHttp.get(edge.port(), "dashboard.localhost", path).status(), path);
        }
        RawHttp.Response post = RawHttp.send(edge.port(), "POST", "dashboard.localhost", "/", "x");
        assertEquals(405, post.status());
        assertEquals("GET, HEAD", post.header("Allow"));
    }

    @Test
    void apiCallsGoToTheServiceThatOwnsThePathWithThePrefixStripped() {
        RawHttp.Response r = RawHttp.send(edge.port(), "PATCH", "dashboard.localhost", "/api/apps/x/config-vars?a=1",
                "{\"A\":\"1\"}", "Authorization: Bearer the-key", "Content-Type: application/json");
        assertEquals(201, r.status(), r.body());
        assertTrue(r.body().contains("service=config-service"), r.body());
        assertTrue(r.body().contains("uri=/apps/x/config-vars?a=1"), r.body());
        assertTrue(r.body().contains("authorization=Bearer the-key"), r.body());
        assertTrue(RawHttp.get(edge.port(), "dashboard.localhost", "/api/apps/x/releases").body()
                .contains("service=release-service"));
    }

    @Test
    void theApiPrefixOpensNoDoorTheApiHostKeepsShut() {
        for (String path : new String[] {"/api/internal/slugs/1", "/api/apps/../internal/x", "/api/", "/api//internal/x"}) {
            RawHttp.Response r = RawHttp.get(edge.port(), "dashboard.localhost", path);
            assertEquals(404, r.status(), path);
            assertTrue(r.body().contains("\"id\":\"not_found\""), path + ": " + r.body());
        }
        // the API host itself has no dashboard: /api/ there is an unknown API path
        assertEquals(404, RawHttp.get(edge.port(), "localhost", "/api/apps").status());
        assertNull(RawHttp.get(edge.port(), "localhost", "/apps").header("Content-Security-Policy"));
    }
}
