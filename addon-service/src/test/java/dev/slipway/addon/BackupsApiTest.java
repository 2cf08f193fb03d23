package dev.slipway.addon;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.devstack.ServiceTestResource;
import dev.slipway.devstack.TestEvents;
import dev.slipway.events.AddonAttached;
import dev.slipway.events.AppDeleted;
import dev.slipway.events.Topics;
import dev.slipway.kit.ApiKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
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
 * Heroku Postgres' data API (pg:info, pg:credentials, pg:backups). Real: addon-service, its
 * PostgreSQL and Kafka from devstack, a tenant-data PostgreSQL of the test's own, PostgreSQL 17's
 * pg_dump and pg_restore. Faked: config-service, whose events (keys, apps) the test produces.
 */
@QuarkusTest
@QuarkusTestResource(value = ServiceTestResource.class, initArgs = @ResourceArg(name = "service", value = "addon"))
@QuarkusTestResource(TenantClusterResource.class)
class BackupsApiTest {
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
    void aBackupRestoresADroppedTableAndAnAppKeepsItsNewestBackups() throws Exception {
        App a = newApp();
        JsonPath addon = given().header("Authorization", a.bearer()).body("{\"plan\": \"heroku-postgresql\"}")
                .post("/apps/{app}/addons", a.name()).then().statusCode(201).extract().jsonPath();
        String addonId = addon.getString("id");
        String url = TestEvents.await(() -> events.read(Topics.ADDONS, a.id()), e -> !e.isEmpty(), Duration.ofSeconds(30))
                .stream().map(e -> ((AddonAttached) e.payload()).url()).findFirst().orElseThrow();
        sql(url, "CREATE TABLE notes (body text)", "INSERT INTO notes VALUES ('kept')");

        // what the CLI's resolver, pg:info and pg:credentials:url read
        given().header("Authorization", a.bearer()).body("{\"addon_attachment\": \"DATABASE\", \"app\": \"" + a.name() + "\"}")
                .post("/actions/addon-attachments/resolve").then().statusCode(200)
                .body("addon.plan.name", contains("heroku-postgresql:essential-0"))
                .body("config_vars", contains(List.of("DATABASE_URL")));
        given().header("Authorization", a.bearer()).get("/client/v11/databases/{id}", addonId).then().statusCode(200)
                .body("resource_url", equalTo(url)).body("info.find { it.name == 'Tables' }.values", contains("1"))
                .body("info.find { it.name == 'PG Version' }.values[0]", startsWith("17."));
        URI credentials = URI.create(url);
        given().auth().preemptive().basic("", a.key())
                .get("/postgres/v0/databases/{name}/credentials/default", addon.getString("name")).then().statusCode(200)
                .body("credentials[0].user", equalTo(credentials.getUserInfo().split(":")[0]))
                .body("credentials[0].password", equalTo(credentials.getUserInfo().split(":")[1]))
                .body("host", equalTo("127.0.0.1")).body("port", equalTo(credentials.getPort()));

        JsonPath b001 = finished(a, capture(a, addonId));
        assertTrue(b001.getBoolean("succeeded"), b001.prettify());
        assertEquals(1, b001.getInt("num"));
        assertEquals("pg_dump", b001.getString("from_type"));
        assertEquals("gof3r", b001.getString("to_type"));
        assertTrue(b001.getLong("processed_bytes") > 0);

        sql(url, "DROP TABLE notes");
        String restore = given().header("Authorization", a.bearer())
                .body("{\"backup_url\": \"" + b001.getString("to_url") + "\"}")
                .post("/client/v11/databases/{id}/restores", addonId).then().statusCode(201)
                .body("to_type", equalTo("pg_restore")).extract().path("uuid");
        JsonPath r002 = finished(a, restore);
        assertTrue(r002.getBoolean("succeeded"), r002.prettify());
        assertEquals("b001", r002.getString("from_name"));
        assertEquals(List.of("kept"), notes(url));

        // the file, through a link that needs no key
        String link = given().header("Authorization", a.bearer())
                .post("/client/v11/apps/{app}/transfers/b001/actions/public-url", a.name()).then().statusCode(200)
                .extract().path("url");
        byte[] dump = given().get(URI.create(link).getPath()).then().statusCode(200).extract().asByteArray();
        assertEquals("PGDMP", new String(dump, 0, 5, StandardCharsets.US_ASCII));
        given().get("/client/v11/backup-files/" + "0".repeat(64)).then().statusCode(404).body("id", equalTo("not_found"));

        // two backups kept per app (the test's bound): b003 and b004 rotate b001 out, its file too
        assertTrue(finished(a, capture(a, addonId)).getBoolean("succeeded"));
        assertTrue(finished(a, capture(a, addonId)).getBoolean("succeeded"));
        given().header("Authorization", a.bearer()).get("/client/v11/apps/{app}/transfers", a.name()).then()
                .statusCode(200).body("num", contains(2, 3, 4));
        given().get(URI.create(link).getPath()).then().statusCode(404);
    }

    @Test
    void badInputGetsHerokusErrors() throws Exception {
        App a = newApp();
        App b = newApp();
        String addonId = given().header("Authorization", a.bearer()).body("{\"plan\": \"heroku-postgresql\"}")
                .post("/apps/{app}/addons", a.name()).then().statusCode(201).extract().path("id");
        String theirs = given().header("Authorization", b.bearer()).body("{\"plan\": \"heroku-postgresql\"}")
                .post("/apps/{app}/addons", b.name()).then().statusCode(201).extract().path("id");
        JsonPath backup = finished(a, capture(a, addonId));

        given().header("Authorization", a.bearer()).get("/client/v11/apps/{app}/transfers/b999", a.name()).then()
                .statusCode(404).body("id", equalTo("not_found")).body("message", equalTo("Couldn't find that backup."));
        given().header("Authorization", b.bearer()).get("/client/v11/apps/{app}/transfers", a.name()).then()
                .statusCode(403);
        given().header("Authorization", b.bearer()).post("/client/v11/databases/{id}/backups", addonId).then()
                .statusCode(404).body("message", equalTo("Couldn't find that add-on."));
        // another app's backup, into a database of one's own
        given().header("Authorization", b.bearer()).body("{\"backup_url\": \"" + backup.getString("to_url") + "\"}")
                .post("/client/v11/databases/{id}/restores", theirs).then().statusCode(404)
                .body("message", equalTo("Couldn't find that backup."));
        given().header("Authorization", a.bearer()).body("{\"backup_url\": \"https://example.com/latest.dump\"}")
                .post("/client/v11/databases/{id}/restores", addonId).then().statusCode(422)
                .body("id", equalTo("invalid_params"));
        given().auth().preemptive().basic("", a.key())
                .get("/postgres/v0/databases/{id}/credentials/analyst", addonId).then().statusCode(404);

        // a destroyed add-on: its backup stays, nothing restores into it
        given().header("Authorization", a.bearer()).delete("/apps/{app}/addons/{id}", a.name(), addonId).then().statusCode(200);
        given().header("Authorization", a.bearer()).body("{\"backup_url\": \"" + backup.getString("to_url") + "\"}")
                .post("/client/v11/databases/{id}/restores", addonId).then().statusCode(404)
                .body("message", equalTo("Couldn't find that add-on."));
        given().header("Authorization", a.bearer()).get("/client/v11/apps/{app}/transfers/1", a.name()).then()
                .statusCode(200).body("succeeded", equalTo(true));
        // a destroyed app: its backups go too
        Path files = Path.of(ConfigProvider.getConfig().getValue("slipway.addons.backups.dir", String.class),
                a.id().toString());
        assertTrue(Files.isDirectory(files), files.toString());
        events.publish(new AppDeleted(a.id(), a.name()));
        TestEvents.await(() -> Files.exists(files), exists -> !exists, Duration.ofSeconds(30));
    }

    private static String capture(App app, String addonId) {
        return given().header("Authorization", app.bearer()).post("/client/v11/databases/{id}/backups", addonId).then()
                .statusCode(201).extract().path("uuid");
    }

    /** Polls the transfer as the CLI does until it has finished. */
    private static JsonPath finished(App app, String transfer) {
        return TestEvents.await(() -> given().header("Authorization", app.bearer())
                        .get("/client/v11/apps/{app}/transfers/{t}", app.name(), transfer).then().statusCode(200)
                        .extract().jsonPath(),
                t -> t.getString("finished_at") != null, Duration.ofSeconds(60));
    }

    private static App newApp() {
        String key = "key-" + UUID.randomUUID();
        TestEvents.OwnedApp owned = events.newOwnedApp(ApiKeys.hash(key));
        App app = new App(owned.id(), owned.name(), key);
        TestEvents.await(() -> given().header("Authorization", app.bearer()).get("/apps/{app}/addons", app.name())
                .statusCode(), status -> status == 200, Duration.ofSeconds(30));
        return app;
    }

    private static void sql(String url, String... statements) throws SQLException {
        try (Connection c = open(url); Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }

    private static List<String> notes(String url) throws SQLException {
        try (Connection c = open(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT body FROM notes")) {
            List<String> bodies = new java.util.ArrayList<>();
            while (rs.next()) {
                bodies.add(rs.getString(1));
            }
            assertFalse(bodies.isEmpty(), "notes has rows");
            return bodies;
        }
    }

    private static Connection open(String url) throws SQLException {
        URI uri = URI.create(url);
        String[] userInfo = uri.getRawUserInfo().split(":", 2);
        return DriverManager.getConnection("jdbc:postgresql://" + uri.getHost() + ":" + uri.getPort() + uri.getPath(),
                userInfo[0], userInfo[1]);
    }
}
