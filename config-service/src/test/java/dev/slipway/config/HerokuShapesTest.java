package dev.slipway.config;

import static dev.slipway.config.Api.admin;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.slipway.devstack.ServiceTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the heroku CLI reads besides the resources themselves: Range pagination, the app's
 * generation, the honest empty lists, and Heroku's error shape for paths, methods and bodies it does
 * not know. Real HTTP API on real PostgreSQL and Kafka from devstack; nothing is faked.
 */
@QuarkusTest
@QuarkusTestResource(value = ServiceTestResource.class, initArgs = @ResourceArg(name = "service", value = "config"))
class HerokuShapesTest {

    @Test
    void listsArePagedWithRangeHeaders() {
        String email = Api.uniqueName("pager") + "@example.com";
        String user = Api.newUserKey(email);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            String name = "pg" + i + "-" + Api.uniqueName("r");
            Api.createApp(user, name);
            names.add(name);
        }
        List<String> sorted = names.stream().sorted().toList();

        Api.as(user).get("/users/~/apps").then().statusCode(200).header("Accept-Ranges", "id, name")
                .body("size()", equalTo(7));
        Response first = Api.as(user).header("Range", "name ..; max=3").get("/users/~/apps");
        assertEquals(206, first.statusCode());
        assertEquals(sorted.subList(0, 3), first.path("name"));
        assertEquals("name ]" + sorted.get(2) + "..; max=3", first.header("Next-Range"));
        assertEquals("name " + sorted.get(0) + ".." + sorted.get(2), first.header("Content-Range"));

        // following Next-Range, as the CLI does, visits every app once
        List<String> seen = new ArrayList<>(first.path("name"));
        String next = first.header("Next-Range");
        while (next != null) {
            Response page = Api.as(user).header("Range", next).get("/users/~/apps");
            seen.addAll(page.path("name"));
            next = page.header("Next-Range");
        }
        assertEquals(sorted, seen);

        Api.as(user).header("Range", "name ..; order=desc, max=2").get("/apps").then().statusCode(206)
                .body("name", equalTo(List.of(sorted.get(6), sorted.get(5))));
        Api.as(user).header("Range", "id ..; max=1000;").get("/apps").then().statusCode(200).body("size()", equalTo(7));
        Api.as(user).header("Range", "").get("/apps").then().statusCode(200);

        Api.as(user).header("Range", "name").get("/apps").then().statusCode(400).body("id", equalTo("bad_request"));
        Api.as(user).header("Range", "name ..; max=lots").get("/apps").then().statusCode(400);
        Api.as(user).header("Range", "size ..").get("/apps").then().statusCode(416)
                .body("id", equalTo("requested_range_not_satisfiable"));
        Api.as(user).header("Range", "name ..; max=1001").get("/apps").then().statusCode(416);
        // only GET lists are ranged: the CLI sends an empty Range with its PUT of buildpacks
        Api.as(user).header("Range", "").body(Map.of("updates", List.of())).put("/apps/" + names.getFirst()
                + "/buildpack-installations").then().statusCode(200);
    }

    @Test
    void otherListsTakeRangesToo() {
        String app = Api.uniqueName("ranged");
        Api.createApp(Api.ADMIN_KEY, app);
        admin().body(Map.of("hostname", "a." + app + ".example.com")).post("/apps/" + app + "/domains").then().statusCode(201);
        admin().body(Map.of("hostname", "b." + app + ".example.com")).post("/apps/" + app + "/domains").then().statusCode(201);
        admin().header("Range", "id ..; max=1000;").get("/apps/" + app + "/domains").then().statusCode(200)
                .header("Accept-Ranges", "hostname, id").body("size()", equalTo(3));
        admin().header("Range", "hostname ..; max=1").get("/apps/" + app + "/domains").then().statusCode(206)
                .body("hostname", equalTo(List.of("a." + app + ".example.com")));
        admin().header("Range", "email ..; max=1").get("/apps/" + app + "/collaborators").then().statusCode(200)
                .body("role", equalTo(List.of("owner")));
        admin().header("Range", "id ..; max=1").get("/oauth/authorizations").then().statusCode(org.hamcrest.Matchers.anyOf(
                equalTo(200), equalTo(206)));
        admin().header("Range", "name ..").get("/oauth/authorizations").then().statusCode(416);
    }

    @Test
    void appsAreCedarAndHaveNoFeaturesOrPipeline() {
        String app = Api.uniqueName("cedar");
        Api.createApp(Api.ADMIN_KEY, app);
        // the CLI asks with the 3.sdk variant to decide the generation
        Api.admin().header("Accept", "application/vnd.heroku+json; version=3.sdk").get("/apps/" + app).then()
                .statusCode(200).body("generation.name", equalTo("cedar"));
        admin().get("/apps/" + app + "/sni-endpoints").then().statusCode(200).body("size()", equalTo(0));
        admin().get("/apps/" + app + "/features").then().statusCode(200).body("size()", equalTo(0));
        admin().get("/account/features").then().statusCode(200).body("size()", equalTo(0));
        Api.as("bad-key").get("/account/features").then().statusCode(401);
        admin().get("/apps/" + app + "/pipeline-couplings").then().statusCode(404).body("id", equalTo("not_found"));
        admin().get("/apps/no-such-app-at-all/features").then().statusCode(404).body("message", equalTo("Couldn't find that app."));
    }

    @Test
    void usersAppsIsTheCallersOwn() {
        String email = Api.uniqueName("self") + "@example.com";
        String user = Api.newUserKey(email);
        String app = Api.uniqueName("mine");
        Api.createApp(user, app);
        String adminsApp = Api.uniqueName("admins");
        Api.createApp(Api.ADMIN_KEY, adminsApp);
        Api.as(user).get("/users/" + email + "/apps").then().statusCode(200).body("name", equalTo(List.of(app)));
        Api.as(user).get("/users/admin@slipway.local/apps").then().statusCode(403).body("id", equalTo("forbidden"));
        // an admin's own list is its own apps; GET /apps (heroku apps --all) is every app
        admin().get("/users/~/apps").then().statusCode(200).body("name", hasItem(adminsApp)).body("name", not(hasItem(app)));
        admin().get("/apps").then().statusCode(200).body("name", hasItem(app));
        Api.as("bad-key").get("/users/~/apps").then().statusCode(401);
    }

    @Test
    void unknownPathsMethodsAndBodiesGetHerokuErrors() {
        String app = Api.uniqueName("errs");
        Api.createApp(Api.ADMIN_KEY, app);
        admin().get("/apps/" + app + "/no-such-thing").then().statusCode(404).body("id", equalTo("not_found"))
                .body("message", equalTo("The requested API endpoint was not found."));
        admin().get("/nothing-here").then().statusCode(404).body("id", equalTo("not_found"));
        admin().put("/apps").then().statusCode(405).body("id", equalTo("method_not_allowed"))
                .body("message", equalTo("The requested API endpoint does not support this method."));
        admin().delete("/account").then().statusCode(405).body("id", equalTo("method_not_allowed"));
        // RESTEasy Reactive answers some wrong methods under /apps/{app}/... as unknown paths: still Heroku's shape
        for (String path : List.of("/apps/" + app, "/apps/" + app + "/config-vars")) {
            admin().post(path + (path.endsWith("vars") ? "" : "/x")).then()
                    .statusCode(org.hamcrest.Matchers.oneOf(404, 405))
                    .body("id", org.hamcrest.Matchers.oneOf("not_found", "method_not_allowed"));
        }
        admin().body("{\"A\":").patch("/apps/" + app + "/config-vars").then().statusCode(400)
                .body("id", equalTo("bad_request")).body("message", startsWith("Invalid JSON"));
        admin().contentType("text/plain").body("{\"A\":\"1\"}").patch("/apps/" + app + "/config-vars").then()
                .statusCode(200).body("A", equalTo("1"));
        admin().body(Map.of("maintenance", "yes")).patch("/apps/" + app).then().statusCode(422)
                .body("id", equalTo("invalid_params"));
        admin().get("/apps/" + app).then().body("released_at", nullValue());
    }
}
