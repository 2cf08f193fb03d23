package dev.slipway.config;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.slipway.devstack.ServiceTestResource;
import dev.slipway.events.ApiKeyIssued;
import dev.slipway.events.ApiKeyRevoked;
import dev.slipway.kit.ApiKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code heroku authorizations:*} through the real HTTP API: a user makes a key, lists it, and
 * revokes it; the events are read back from the real topic. Real PostgreSQL and Kafka; nothing faked.
 */
@QuarkusTest
@QuarkusTestResource(value = ServiceTestResource.class, initArgs = @ResourceArg(name = "service", value = "config"))
class AuthorizationsTest {

    @BeforeAll
    static void listen() {
        ConfigTopic.start();
    }

    @Test
    void createListInfoRevoke() {
        String email = Api.uniqueName("keys") + "@example.com";
        String user = Api.newUserKey(email);
        var created = Api.as(user).body(Map.of("description", "ci key")).post("/oauth/authorizations").then()
                .statusCode(201).body("description", equalTo("ci key")).body("scope", equalTo(List.of("global")))
                .body("user.email", equalTo(email)).body("access_token.token", startsWith("slw_"))
                .body("access_token.expires_in", nullValue()).extract();
        String id = created.path("id");
        String key = created.path("access_token.token");

        Api.as(key).get("/account").then().statusCode(200).body("email", equalTo(email));
        Api.as(user).get("/oauth/authorizations").then().statusCode(200)
                .body("id", hasItem(id)).body("access_token.token", not(hasItem(key)));
        Api.as(user).get("/oauth/authorizations/" + id).then().statusCode(200)
                .body("description", equalTo("ci key")).body("access_token.token", nullValue());
        // another account's authorization is not found, not forbidden
        Api.as(Api.ADMIN_KEY).get("/oauth/authorizations/" + id).then().statusCode(404).body("id", equalTo("not_found"));
        Api.as(Api.ADMIN_KEY).delete("/oauth/authorizations/" + id).then().statusCode(404);

        Api.as(user).delete("/oauth/authorizations/" + id).then().statusCode(200).body("description", equalTo("ci key"));
        Api.as(key).get("/account").then().statusCode(401).body("id", equalTo("unauthorized"));
        Api.as(user).get("/oauth/authorizations/" + id).then().statusCode(404);
        Api.as(user).delete("/oauth/authorizations/" + id).then().statusCode(404);

        List<ApiKeyIssued> issued = ConfigTopic.await(ApiKeyIssued.class, e -> e.keyHash().equals(ApiKeys.hash(key)), 1);
        assertEquals(1, issued.size());
        assertEquals(email, issued.getFirst().email());
        assertEquals(1, ConfigTopic.await(ApiKeyRevoked.class, e -> e.keyHash().equals(ApiKeys.hash(key)), 1).size());
    }

    @Test
    void aKeyWithExpiresInStopsWorking() throws InterruptedException {
        String user = Api.newUserKey(Api.uniqueName("expiring") + "@example.com");
        var created = Api.as(user).body(Map.of("description", "short", "expires_in", "2")).post("/oauth/authorizations")
                .then().statusCode(201).extract();
        String key = created.path("access_token.token");
        int expiresIn = created.path("access_token.expires_in");
        assertEquals(true, expiresIn >= 1 && expiresIn <= 2, "expires_in " + expiresIn);
        Api.as(key).get("/account").then().statusCode(200);

        List<ApiKeyIssued> issued = ConfigTopic.await(ApiKeyIssued.class, e -> e.keyHash().equals(ApiKeys.hash(key)), 1);
        assertNotNull(issued.getFirst().expiresAt());
        long untilExpiry = Duration.between(Instant.now(), issued.getFirst().expiresAt()).toMillis();
        Thread.sleep(Math.max(0, untilExpiry) + 200);
        Api.as(key).get("/account").then().statusCode(401);
    }

    @Test
    void badRequests() {
        String user = Api.newUserKey(Api.uniqueName("badkeys") + "@example.com");
        for (Object bad : List.of("soon", -5, 0, 31_536_001L, true)) {
            Api.as(user).body(Map.of("expires_in", bad)).post("/oauth/authorizations").then().statusCode(422)
                    .body("id", equalTo("invalid_params"));
        }
        Api.as(user).body(Map.of("description", 5)).post("/oauth/authorizations").then().statusCode(422);
        Api.as(user).body(Map.of("description", "x".repeat(256))).post("/oauth/authorizations").then().statusCode(422);
        Api.as(user).body(Map.of("scope", List.of("read"))).post("/oauth/authorizations").then().statusCode(422);
        Api.as(user).body("[]").post("/oauth/authorizations").then().statusCode(400).body("id", equalTo("bad_request"));
        Api.as(user).get("/oauth/authorizations/not-a-uuid").then().statusCode(404).body("id", equalTo("not_found"));
        Api.as("nope").get("/oauth/authorizations").then().statusCode(401);
        Api.as("nope").body("{}").post("/oauth/authorizations").then().statusCode(401);
    }
}
