package dev.slipway.config;

import static dev.slipway.config.Api.admin;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.slipway.devstack.ServiceTestResource;
import dev.slipway.devstack.TestEvents;
import dev.slipway.events.AddonAttached;
import dev.slipway.events.AddonDetached;
import dev.slipway.events.ConfigVarsChanged;
import dev.slipway.events.EventEnvelope;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Config vars owned by add-ons. Real: the HTTP API, PostgreSQL, Kafka. Faked: addon-service,
 * whose AddonAttached / AddonDetached the test publishes itself.
 */
@QuarkusTest
@QuarkusTestResource(value = ServiceTestResource.class, initArgs = @ResourceArg(name = "service", value = "config"))
class AddonVarsTest {
    private static TestEvents events;

    @BeforeAll
    static void connect() {
        ConfigTopic.start();
        events = new TestEvents(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
    }

    @AfterAll
    static void disconnect() {
        events.close();
    }

    @Test
    void anAttachmentSetsItsVarWithAReleaseDescriptionAndUsersCannotTouchIt() {
        String name = Api.uniqueName("addonvars");
        UUID appId = UUID.fromString(Api.createApp(Api.ADMIN_KEY, name));
        String path = "/apps/" + name + "/config-vars";
        admin().body(Map.of("A", "1")).patch(path).then().statusCode(200);
        UUID addonId = UUID.randomUUID();
        String url = "postgres://d1:secret@192.0.2.2:15432/d1";
        EventEnvelope attach = events.publish(new AddonAttached(appId, addonId, "postgresql-shaped-12345", "DATABASE",
                "DATABASE_URL", url));

        ConfigVarsChanged attached = ConfigTopic.await(ConfigVarsChanged.class, e -> e.appId().equals(appId), 2).get(1);
        assertEquals(Map.of("A", "1", "DATABASE_URL", url), attached.vars());
        assertEquals("Attach DATABASE (postgresql-shaped-12345)", attached.description());
        admin().get(path).then().statusCode(200).body("DATABASE_URL", equalTo(url));

        for (Map<String, String> edit : List.of(Map.of("DATABASE_URL", "postgres://mine"), Map.of("B", "2", "DATABASE_URL", "x"))) {
            admin().body(edit).patch(path).then().statusCode(422).body("id", equalTo("invalid_params"))
                    .body("message", equalTo("DATABASE_URL is managed by the add-on postgresql-shaped-12345 and cannot"
                            + " be set or unset by hand. Destroy the add-on (heroku addons:destroy"
                            + " postgresql-shaped-12345) to remove it."));
        }
        admin().contentType("application/json").body("{\"DATABASE_URL\": null}").patch(path).then().statusCode(422);
        admin().get(path).then().body("DATABASE_URL", equalTo(url)).body("B", nullValue());

        events.send(attach); // a redelivery changes nothing
        events.publish(new AddonDetached(appId, addonId, "postgresql-shaped-12345", "DATABASE", "DATABASE_URL"));
        ConfigVarsChanged detached = ConfigTopic.await(ConfigVarsChanged.class, e -> e.appId().equals(appId), 3).get(2);
        assertEquals(Map.of("A", "1"), detached.vars());
        assertEquals("Detach DATABASE (postgresql-shaped-12345)", detached.description());
        assertEquals(attached.version() + 1, detached.version());
        admin().get(path).then().body("DATABASE_URL", nullValue());
        // free again: the user may set a DATABASE_URL of their own
        admin().body(Map.of("DATABASE_URL", "postgres://elsewhere")).patch(path).then().statusCode(200);
    }
}
