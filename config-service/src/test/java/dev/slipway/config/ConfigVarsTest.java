package dev.slipway.config;

import static dev.slipway.config.Api.admin;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.slipway.devstack.ServiceTestResource;
import dev.slipway.events.ConfigVarsChanged;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Config vars through the real HTTP API on real PostgreSQL, with ConfigVarsChanged read back from
 * the real Kafka topic. Nothing is faked.
 */
@QuarkusTest
@QuarkusTestResource(value = ServiceTestResource.class, initArgs = @ResourceArg(name = "service", value = "config"))
class ConfigVarsTest {

    @BeforeAll
    static void listen() {
        ConfigTopic.start();
    }

    @Test
    void setUnsetAndAnnounceEachRealChangeOnce() {
        String name = Api.uniqueName("cfg");
        UUID appId = UUID.fromString(Api.createApp(Api.ADMIN_KEY, name));
        String path = "/apps/" + name + "/config-vars";

        admin().get(path).then().statusCode(200).body("size()", equalTo(0));
        admin().body(Map.of("A", "1", "B", "two words", "HEROKU_X", "y")).patch(path).then().statusCode(200)
                .body("A", equalTo("1")).body("B", equalTo("two words")).body("HEROKU_X", equalTo("y"));
        Map<String, Object> unset = new HashMap<>();
        unset.put("B", null);
        unset.put("C", "3");
        admin().body(unset).patch(path).then().statusCode(200).body(equalTo("{\"A\":\"1\",\"C\":\"3\",\"HEROKU_X\":\"y\"}"));
        // the same values again, and unsetting what is not set: no change, no event
        admin().body(Map.of("A", "1")).patch(path).then().statusCode(200);
        Map<String, Object> unsetMissing = new HashMap<>();
        unsetMissing.put("NOPE", null);
        admin().body(unsetMissing).patch(path).then().statusCode(200);
        admin().get(path).then().statusCode(200).body(equalTo("{\"A\":\"1\",\"C\":\"3\",\"HEROKU_X\":\"y\"}"));

        List<ConfigVarsChanged> changes = ConfigTopic.await(ConfigVarsChanged.class, e -> e.appId().equals(appId), 2);
        assertEquals(2, changes.size());
        assertEquals(1, changes.get(0).version());
        assertEquals(Map.of("A", "1", "B", "two words", "HEROKU_X", "y"), changes.get(0).vars());
        assertEquals(2, changes.get(1).version());
        assertEquals(Map.of("A", "1", "C", "3", "HEROKU_X", "y"), changes.get(1).vars());
        assertEquals("admin@slipway.local", changes.get(1).changedBy());
    }

    @Test
    void refusesBadNamesValuesAndBodies() {
        String name = Api.uniqueName("cfgbad");
        Api.createApp(Api.ADMIN_KEY, name);
        String path = "/apps/" + name + "/config-vars";
        for (String bad : List.of("1A", "A-B", "A B", "", "PORT")) {
            admin().body(Map.of(bad, "x")).patch(path).then().statusCode(422).body("id", equalTo("invalid_params"));
        }
        admin().body(Map.of("A", 1)).patch(path).then().statusCode(422);
        admin().body(Map.of("A", true)).patch(path).then().statusCode(422);
        admin().body(Map.of("A", Map.of("b", "c"))).patch(path).then().statusCode(422);
        admin().body("[\"A\"]").patch(path).then().statusCode(400).body("id", equalTo("bad_request"));
        admin().body("\"A\"").patch(path).then().statusCode(400);
        admin().body("{oops").patch(path).then().statusCode(400);
        admin().body(Map.of("BIG", "x".repeat(40_000))).patch(path).then().statusCode(422);
        admin().get(path).then().statusCode(200).body("size()", equalTo(0));
        admin().get("/apps/no-such-app-cfg/config-vars").then().statusCode(404)
                .body("message", equalTo("Couldn't find that app."));
    }
}
