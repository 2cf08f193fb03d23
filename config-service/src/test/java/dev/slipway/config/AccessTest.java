package dev.slipway.config;

import static dev.slipway.config.Api.admin;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.slipway.config.domain.AccountService;
import dev.slipway.devstack.ServiceTestResource;
import dev.slipway.events.ApiKeyIssued;
import dev.slipway.kit.ApiKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keys, accounts and who may touch which app, through the real HTTP API on real PostgreSQL and
 * real Kafka from devstack. Nothing is faked.
 */
@QuarkusTest
@QuarkusTestResource(value = ServiceTestResource.class, initArgs = @ResourceArg(name = "service", value = "config"))
class AccessTest {

    @Inject
    AccountService accounts;

    @BeforeAll
    static void listen() {
        ConfigTopic.start();
    }

    @Test
    void missingOrWrongKeyIs401() {
        given().get("/apps").then().statusCode(401).body("id", equalTo("unauthorized"));
        given().get("/account").then().statusCode(401);
        Api.as("not-a-key").get("/apps").then().statusCode(401).body("id", equalTo("unauthorized"));
        given().header("Authorization", "Token x").get("/apps").then().statusCode(401);
        Api.as("not-a-key").body(Map.of("name", Api.uniqueName("nokey"))).post("/apps").then().statusCode(401);
    }

    @Test
    void basicAuthPasswordIsAKeyToo() {
        String basic = Base64.getEncoder().encodeToString((":" + Api.ADMIN_KEY).getBytes());
        given().header("Authorization", "Basic " + basic).get("/account").then().statusCode(200)
                .body("email", equalTo("admin@slipway.local"));
    }

    @Test
    void accountOfTheKey() {
        admin().get("/account").then().statusCode(200)
                .body("email", equalTo("admin@slipway.local")).body("verified", equalTo(true));
    }

    @Test
    void adminKeyIsBootstrappedOnceAndOnlyOnce() {
        String hash = ApiKeys.hash(Api.ADMIN_KEY);
        // a second start finds the hash stored and publishes nothing
        assertFalse(accounts.ensureAdminKey(Api.ADMIN_KEY));
        var issued = ConfigTopic.await(ApiKeyIssued.class, e -> e.keyHash().equals(hash), 1);
        assertEquals(1, issued.size());
        assertEquals(true, issued.getFirst().admin());
        assertEquals("admin@slipway.local", issued.getFirst().email());
    }

    @Test
    void ordinaryAccountsSeeOnlyTheirOwnApps() {
        String email = Api.uniqueName("user") + "@example.com";
        String userKey = Api.newUserKey(email);
        Api.as(userKey).get("/account").then().statusCode(200).body("email", equalTo(email));
        var issued = ConfigTopic.await(ApiKeyIssued.class, e -> e.keyHash().equals(ApiKeys.hash(userKey)), 1);
        assertEquals(1, issued.size());
        assertFalse(issued.getFirst().admin());

        String adminsApp = Api.uniqueName("adm");
        Api.createApp(Api.ADMIN_KEY, adminsApp);
        String usersApp = Api.uniqueName("usr");
        Api.createApp(userKey, usersApp);

        Api.as(userKey).get("/apps/" + adminsApp).then().statusCode(403).body("id", equalTo("forbidden"));
        Api.as(userKey).body(Map.of("maintenance", true)).patch("/apps/" + adminsApp).then().statusCode(403);
        Api.as(userKey).delete("/apps/" + adminsApp).then().statusCode(403);
        Api.as(userKey).get("/apps/" + adminsApp + "/config-vars").then().statusCode(403);
        Api.as(userKey).body(Map.of("A", "1")).patch("/apps/" + adminsApp + "/config-vars").then().statusCode(403);
        Api.as(userKey).get("/apps/" + adminsApp + "/domains").then().statusCode(403);
        Api.as(userKey).get("/apps/" + adminsApp + "/buildpack-installations").then().statusCode(403);
        Api.as(userKey).get("/apps/no-such-app-here").then().statusCode(404);

        Api.as(userKey).get("/apps").then().statusCode(200)
                .body("name", hasItem(usersApp)).body("name", not(hasItem(adminsApp)));
        Api.as(userKey).get("/apps/" + usersApp).then().statusCode(200).body("owner.email", equalTo(email));
        // admins act on every app
        admin().get("/apps/" + usersApp).then().statusCode(200);

        Api.as(userKey).body(Map.of("email", "x@example.com")).post("/admin/accounts").then().statusCode(403);
        admin().body(Map.of("email", "not an email")).post("/admin/accounts").then().statusCode(422);
    }
}
