package dev.slipway.addon;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.devstack.ServiceTestResource;
import dev.slipway.devstack.TestEvents;
import dev.slipway.events.AddonAttached;
import dev.slipway.events.AddonDetached;
import dev.slipway.events.AppDeleted;
import dev.slipway.events.EventEnvelope;
import dev.slipway.events.Topics;
import dev.slipway.kit.ApiKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real: addon-service, its PostgreSQL and Kafka from devstack, and a tenant-data PostgreSQL of the
 * test's own where the add-ons' databases are made. Faked: config-service, whose events (keys, apps,
 * an app's deletion) the test produces itself.
 */
@QuarkusTest
@QuarkusTestResource(value = ServiceTestResource.class, initArgs = @ResourceArg(name = "service", value = "addon"))
@QuarkusTestResource(TenantClusterResource.class)
class AddonsApiTest {
    private static TestEvents events;

    @BeforeAll
    static void connect() {
        events = new TestEvents(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
    }

    @AfterAll
    static void disconnect() {
        events.close();
    }

    record App(UUID id, String name, String key) {
        String bearer() {
            return "Bearer " + key;
        }
    }

    @Test
    void aPostgresAddonIsADatabaseOfItsOwnThatOnlyItsCredentialsOpen() throws Exception {
        App a = newApp();
        App b = newApp();
        String first = create(a, "{\"plan\": {\"name\": \"heroku-postgresql\"}}").statusCode(201)
                .body("name", matchesPattern("postgresql-[a-z]+-[0-9]{5}"))
                .body("plan.name", equalTo("heroku-postgresql:essential-0")).body("plan.price.cents", equalTo(0))
                .body("addon_service.name", equalTo("heroku-postgresql")).body("app.name", equalTo(a.name()))
                .body("config_vars", contains("DATABASE_URL")).body("state", equalTo("provisioned"))
                .extract().path("name");
        String second = create(a, "{\"plan\": \"heroku-postgresql:essential-1\", \"name\": \"" + a.name() + "-db\"}")
                .statusCode(201).body("name", equalTo(a.name() + "-db"))
                .body("config_vars", contains("HEROKU_POSTGRESQL_AMBER_URL")).extract().path("name");

        List<AddonAttached> attached = TestEvents.await(() -> events.read(Topics.ADDONS, a.id()), e -> e.size() >= 2,
                Duration.ofSeconds(30)).stream().map(e -> (AddonAttached) e.payload()).toList();
        assertEquals(List.of("DATABASE_URL", "HEROKU_POSTGRESQL_AMBER_URL"), attached.stream().map(AddonAttached::configVar).toList());
        assertEquals(first, attached.getFirst().addonName());
        String url = attached.getFirst().url();
        String otherUrl = attached.get(1).url();
        try (Connection c = open(url); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE notes (body text)");
            s.execute("INSERT INTO notes VALUES ('hello')");
        }
        // one add-on's credentials open no other database
        URI mine = URI.create(url);
        URI theirs = URI.create(otherUrl);
        String crossed = "postgres://" + mine.getRawUserInfo() + "@" + mine.getHost() + ":" + mine.getPort() + theirs.getPath();
        SQLException refused = assertThrows(SQLException.class, () -> open(crossed).close());
        assertTrue(refused.getMessage().contains("no pg_hba.conf entry") || refused.getMessage().contains("permission denied"),
                refused.getMessage());

        // lists, info, attachments, resolve; another account sees none of it
        given().header("Authorization", a.bearer()).get("/apps/{app}/addons", a.name()).then().statusCode(200)
                .body("name", containsInAnyOrder(first, second));
        given().header("Authorization", a.bearer()).get("/apps/{app}/addon-attachments", a.name()).then().statusCode(200)
                .body("name", containsInAnyOrder("DATABASE", "HEROKU_POSTGRESQL_AMBER"))
                .body("addon.name", containsInAnyOrder(first, second));
        given().header("Authorization", a.bearer()).get("/addons/{addon}", first).then().statusCode(200)
                .body("name", equalTo(first));
        given().header("Authorization", a.bearer()).body("{\"addon\": \"DATABASE\", \"app\": \"" + a.name() + "\"}")
                .post("/actions/addons/resolve").then().statusCode(200).body("name", contains(first));
        given().header("Authorization", b.bearer()).get("/addons/{addon}", first).then().statusCode(404)
                .body("id", equalTo("not_found"));
        given().header("Authorization", b.bearer()).get("/addon-attachments").then().statusCode(200).body("$", hasSize(0));
        given().header("Authorization", b.bearer()).get("/apps/{app}/addons", a.name()).then().statusCode(403);

        // bad input
        create(a, "{\"plan\": {\"name\": \"heroku-postgresql:hobby-dev\"}}").statusCode(422)
                .body("id", equalTo("invalid_params"))
                .body("message", equalTo("Couldn't find either the add-on service or the add-on plan of \"heroku-postgresql:hobby-dev\"."));
        create(a, "{\"plan\": {\"name\": \"heroku-redis\"}}").statusCode(422).body("id", equalTo("invalid_params"));
        create(b, "{\"plan\": \"heroku-postgresql\", \"name\": \"" + second + "\"}").statusCode(422)
                .body("message", equalTo("Name " + second + " is already taken by another add-on."));
        create(a, "{\"plan\": \"heroku-postgresql\", \"attachment\": {\"name\": \"DATABASE\"}}").statusCode(422)
                .body("message", containsString("DATABASE is already used"));
        create(a, "{}").statusCode(422).body("message", containsString("plan is required"));
        create(a, "{\"plan\": ").statusCode(400).body("id", equalTo("bad_request"));
        given().header("Authorization", b.bearer()).delete("/apps/{app}/addons/{addon}", a.name(), first).then()
                .statusCode(403).body("id", equalTo("forbidden"));
        given().header("Authorization", b.bearer()).delete("/apps/{app}/addons/{addon}", b.name(), first).then()
                .statusCode(404).body("message", equalTo("Couldn't find that add-on."));

        // destroy: the database and its role are gone, the var detached
        given().header("Authorization", a.bearer()).delete("/apps/{app}/addons/{addon}", a.name(), first).then()
                .statusCode(200).body("state", equalTo("deprovisioned")).body("name", equalTo(first));
        List<EventEnvelope> after = TestEvents.await(() -> events.read(Topics.ADDONS, a.id()), e -> e.size() >= 3,
                Duration.ofSeconds(30));
        AddonDetached detached = (AddonDetached) after.get(2).payload();
        assertEquals(List.of(first, "DATABASE", "DATABASE_URL"),
                List.of(detached.addonName(), detached.attachmentName(), detached.configVar()));
        assertFalse(TenantClusterResource.databaseExists(mine.getPath().substring(1)));
        assertThrows(SQLException.class, () -> open(url).close());

        // the app's deletion takes its remaining add-on with it
        String secondDatabase = theirs.getPath().substring(1);
        assertTrue(TenantClusterResource.databaseExists(secondDatabase));
        events.publish(new AppDeleted(a.id(), a.name()));
        TestEvents.await(() -> exists(secondDatabase), exists -> !exists, Duration.ofSeconds(30));
    }

    @Test
    void theCatalogIsHerokuPostgresAndItsPlans() {
        App a = newApp();
        given().header("Authorization", a.bearer()).get("/addon-services").then().statusCode(200)
                .body("name", contains("heroku-postgresql"));
        given().header("Authorization", a.bearer()).get("/addon-services/heroku-postgresql/plans").then().statusCode(200)
                .body("name", contains("heroku-postgresql:essential-0", "heroku-postgresql:essential-1",
                        "heroku-postgresql:essential-2", "heroku-postgresql:standard-0", "heroku-postgresql:premium-0"))
                .body("default", contains(true, false, false, false, false));
        given().header("Authorization", a.bearer()).get("/addon-services/heroku-redis/plans").then().statusCode(404);
        given().get("/addon-services").then().statusCode(401);
    }

    private static ValidatableResponse create(App app, String body) {
        return given().header("Authorization", app.bearer()).body(body).post("/apps/{app}/addons", app.name()).then();
    }

    /** A new account and app, once addon-service's kit has them (its consumer is a few ms behind). */
    private static App newApp() {
        String key = "key-" + UUID.randomUUID();
        TestEvents.OwnedApp owned = events.newOwnedApp(ApiKeys.hash(key));
        App app = new App(owned.id(), owned.name(), key);
        TestEvents.await(() -> given().header("Authorization", app.bearer()).get("/apps/{app}/addons", app.name())
                .statusCode(), status -> status == 200, Duration.ofSeconds(30));
        return app;
    }

    private static boolean exists(String database) {
        try {
            return TenantClusterResource.databaseExists(database);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Connection open(String url) throws SQLException {
        URI uri = URI.create(url);
        String[] userInfo = uri.getRawUserInfo().split(":", 2);
        return DriverManager.getConnection("jdbc:postgresql://" + uri.getHost() + ":" + uri.getPort() + uri.getPath(),
                userInfo[0], userInfo[1]);
    }
}
