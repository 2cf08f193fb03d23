package dev.slipway.config;

import static dev.slipway.config.Api.admin;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.slipway.devstack.ServiceTestResource;
import dev.slipway.events.AppCreated;
import dev.slipway.events.AppDeleted;
import dev.slipway.events.AppUpdated;
import dev.slipway.events.DomainAdded;
import dev.slipway.events.DomainRemoved;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Apps, domains and buildpacks through the real HTTP API, against real PostgreSQL and a real Kafka
 * broker from devstack; the events are read back from the real topic. Nothing is faked.
 */
@QuarkusTest
@QuarkusTestResource(value = ServiceTestResource.class, initArgs = @ResourceArg(name = "service", value = "config"))
class AppsTest {

    @BeforeAll
    static void listen() {
        ConfigTopic.start();
    }

    @Test
    void createGetListRenameDelete() {
        String name = Api.uniqueName("app");
        String id = admin().body(Map.of("name", name)).post("/apps").then().statusCode(201)
                .body("name", equalTo(name))
                .body("web_url", equalTo("http://" + name + ".localhost:8080/"))
                .body("git_url", equalTo("http://localhost:8080/" + name + ".git"))
                .body("owner.email", equalTo("admin@slipway.local"))
                .body("region.name", equalTo("local"))
                .body("stack.name", equalTo("heroku-24"))
                .body("build_stack.name", equalTo("heroku-24"))
                .body("released_at", nullValue())
                .body("maintenance", equalTo(false))
                .body("created_at", matchesPattern("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"))
                .extract().path("id");
        UUID appId = UUID.fromString(id);

        admin().get("/apps/" + name).then().statusCode(200).body("id", equalTo(id));
        admin().get("/apps/" + id).then().statusCode(200).body("name", equalTo(name));
        admin().get("/apps").then().statusCode(200).body("name", hasItem(name));

        String renamed = name + "-x";
        admin().body(Map.of("name", renamed, "maintenance", true)).patch("/apps/" + name).then().statusCode(200)
                .body("name", equalTo(renamed)).body("maintenance", equalTo(true));
        admin().get("/apps/" + name).then().statusCode(404)
                .body("id", equalTo("not_found")).body("message", equalTo("Couldn't find that app."));
        // the same state again changes nothing and announces nothing
        admin().body(Map.of("maintenance", true)).patch("/apps/" + renamed).then().statusCode(200);

        admin().delete("/apps/" + renamed).then().statusCode(200).body("name", equalTo(renamed));
        admin().get("/apps/" + id).then().statusCode(404);
        admin().get("/apps").then().body("name", not(hasItem(renamed)));

        List<AppCreated> created = ConfigTopic.await(AppCreated.class, e -> e.appId().equals(appId), 1);
        assertEquals(1, created.size());
        assertEquals(name, created.getFirst().name());
        assertEquals("admin@slipway.local", created.getFirst().ownerEmail());
        List<AppUpdated> updated = ConfigTopic.await(AppUpdated.class, e -> e.appId().equals(appId), 1);
        assertEquals(1, updated.size());
        assertEquals(renamed, updated.getFirst().name());
        assertEquals(true, updated.getFirst().maintenance());
        assertEquals(1, ConfigTopic.await(AppDeleted.class, e -> e.appId().equals(appId), 1).size());
    }

    @Test
    void generatesAHerokuStyleNameWhenNoneIsGiven() {
        admin().body("{}").post("/apps").then().statusCode(201).body("name", matchesPattern("[a-z]+-[a-z]+-\\d{4}"));
        admin().post("/apps").then().statusCode(201).body("name", matchesPattern("[a-z]+-[a-z]+-\\d{4}"));
    }

    @Test
    void refusesMalformedAndTakenNames() {
        String message = "Name must start with a letter, end with a letter or digit and can only contain lowercase"
                + " letters, digits, and dashes.";
        for (String bad : List.of("Upper", "1abc", "abc-", "a_b", "a".repeat(31), "", "a b")) {
            admin().body(Map.of("name", bad)).post("/apps").then().statusCode(422)
                    .body("id", equalTo("invalid_params")).body("message", equalTo(message));
        }
        admin().body(Map.of("name", 42)).post("/apps").then().statusCode(422).body("id", equalTo("invalid_params"));
        admin().body("[1,2]").post("/apps").then().statusCode(400).body("id", equalTo("bad_request"));
        admin().body("{not json").post("/apps").then().statusCode(400).body("id", equalTo("bad_request"));

        String name = Api.uniqueName("dup");
        Api.createApp(Api.ADMIN_KEY, name);
        admin().body(Map.of("name", name)).post("/apps").then().statusCode(422)
                .body("id", equalTo("invalid_params")).body("message", equalTo("Name " + name + " is already taken"));
        String other = Api.createApp(Api.ADMIN_KEY, Api.uniqueName("other"));
        admin().body(Map.of("name", name)).patch("/apps/" + other).then().statusCode(422)
                .body("message", equalTo("Name " + name + " is already taken"));
        admin().body(Map.of("name", "Bad_Name")).patch("/apps/" + other).then().statusCode(422);
    }

    @Test
    void concurrentCreatesOfOneNameLetExactlyOneWin() throws Exception {
        String name = Api.uniqueName("race");
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Callable<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                calls.add(() -> admin().body(Map.of("name", name)).post("/apps").statusCode());
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : pool.invokeAll(calls)) {
                statuses.add(f.get());
            }
            assertEquals(1, statuses.stream().filter(s -> s == 201).count(), statuses.toString());
            assertEquals(5, statuses.stream().filter(s -> s == 422).count(), statuses.toString());
        } finally {
            pool.shutdown();
        }
        assertEquals(1, ConfigTopic.await(AppCreated.class, e -> e.name().equals(name), 1).size());
    }

    @Test
    void domains() {
        String name = Api.uniqueName("dom");
        UUID appId = UUID.fromString(Api.createApp(Api.ADMIN_KEY, name));
        String host = name + ".example.com";
        admin().body(Map.of("hostname", host.toUpperCase())).post("/apps/" + name + "/domains").then().statusCode(201)
                .body("hostname", equalTo(host)).body("kind", equalTo("custom"))
                .body("cname", equalTo(name + ".localhost")).body("status", equalTo("succeeded"));
        admin().get("/apps/" + name + "/domains").then().statusCode(200)
                .body("hostname", equalTo(List.of(host, name + ".localhost")))
                .body("kind", equalTo(List.of("custom", "heroku")));
        admin().get("/apps/" + name + "/domains/" + host).then().statusCode(200).body("hostname", equalTo(host));

        String other = Api.createApp(Api.ADMIN_KEY, Api.uniqueName("dom2"));
        admin().body(Map.of("hostname", host)).post("/apps/" + other + "/domains").then().statusCode(422)
                .body("id", equalTo("invalid_params"));
        for (String bad : List.of("nodot", "-bad.example.com", "a..b.com", "x.localhost", "sp ace.com")) {
            admin().body(Map.of("hostname", bad)).post("/apps/" + name + "/domains").then().statusCode(422);
        }
        admin().body("{}").post("/apps/" + name + "/domains").then().statusCode(422);

        admin().delete("/apps/" + name + "/domains/" + host).then().statusCode(200).body("hostname", equalTo(host));
        admin().get("/apps/" + name + "/domains/" + host).then().statusCode(404);
        admin().delete("/apps/" + name + "/domains/" + name + ".localhost").then().statusCode(422);

        assertEquals(1, ConfigTopic.await(DomainAdded.class, e -> e.appId().equals(appId), 1).size());
        assertEquals(1, ConfigTopic.await(DomainRemoved.class, e -> e.appId().equals(appId), 1).size());
    }

    @Test
    void buildpacks() {
        String name = Api.uniqueName("bp");
        UUID appId = UUID.fromString(Api.createApp(Api.ADMIN_KEY, name));
        admin().get("/apps/" + name + "/buildpack-installations").then().statusCode(200).body("size()", equalTo(0));
        String git = "https://github.com/heroku/heroku-buildpack-nodejs.git";
        admin().body(Map.of("updates", List.of(Map.of("buildpack", "heroku/nodejs"), Map.of("buildpack", git))))
                .put("/apps/" + name + "/buildpack-installations").then().statusCode(200)
                .body("ordinal", equalTo(List.of(0, 1)))
                .body("buildpack.url", equalTo(List.of("heroku/nodejs", git)))
                .body("buildpack.name", equalTo(List.of("heroku/nodejs", git)));
        admin().body(Map.of("updates", "x")).put("/apps/" + name + "/buildpack-installations").then().statusCode(422);
        admin().body(Map.of("updates", List.of(Map.of("buildpack", "")))).put("/apps/" + name + "/buildpack-installations")
                .then().statusCode(422);
        for (String refused : List.of("file:///etc", "ssh://git@example.com/x.git", "git@github.com:org/x.git",
                "/srv/buildpack", "ext::sh -c id", git + "#--upload-pack=/tmp/evil", git + "#a..b", "ftp://h/x")) {
            admin().body(Map.of("updates", List.of(Map.of("buildpack", refused))))
                    .put("/apps/" + name + "/buildpack-installations").then().statusCode(422)
                    .body("id", equalTo("invalid_params"))
                    .body("message", refused.contains(" ") ? containsString("without spaces")
                            : equalTo("Buildpack " + refused + " is not a valid buildpack URL: use an https://, http:// "
                            + "or git:// URL, optionally with #branch, #tag or #commit, or a buildpack name such as "
                            + "heroku/nodejs."));
        }
        admin().body(Map.of("updates", List.of(Map.of("buildpack", git + "#v1.2/x"), Map.of("buildpack", "git://h/x"))))
                .put("/apps/" + name + "/buildpack-installations").then().statusCode(200);
        admin().body(Map.of("updates", List.of(Map.of("buildpack", "heroku/nodejs"), Map.of("buildpack", git))))
                .put("/apps/" + name + "/buildpack-installations").then().statusCode(200);

        List<AppUpdated> updates = ConfigTopic.await(AppUpdated.class, e -> e.appId().equals(appId), 3);
        assertEquals(3, updates.size(), "each accepted list, none of the refused ones: " + updates);
        assertEquals(List.of("heroku/nodejs", git), updates.getLast().buildpacks());
    }
}
