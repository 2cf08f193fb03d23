package dev.slipway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Heroku Postgres add-ons end to end: a Node app using the {@code pg} package from the npm
 * registry, whose release phase creates its table and whose web dyno reads and writes
 * DATABASE_URL, and the real heroku CLI's {@code pg:*} commands (backups with PostgreSQL 17's
 * pg_dump and pg_restore, {@code pg:psql} with the host's psql). Real: the whole platform (seven services, Kafka, the platform's PostgreSQL and the
 * tenant-data one, runc sandboxes), git, npm, HTTP through the router. Faked: nothing. The steps
 * run in order on the shared platform.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AddonsIT {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @RegisterExtension
    static final TestPlatform platform = TestPlatform.shared();
    private static final String ONE = platform.app("pgone");
    private static final String TWO = platform.app("pgtwo");
    private static final String EVE_APP = platform.app("pgeve");

    @TempDir
    static Path work;
    private Slipway slipway;
    private Api api;
    private String addon;
    private String databaseUrl;
    private String otherDatabaseUrl;
    private HerokuCli cli;
    private String backupUrl;
    private String addonIdOfPgone;

    @BeforeAll
    void twoApps() {
        slipway = platform.slipway();
        api = slipway.api();
        for (String app : new String[] {ONE, TWO}) {
            assertEquals(201, api.post("/apps", "{\"name\":\"" + app + "\"}").status());
        }
        // addon-service learns of a new app from AppCreated: an add-on asked for before that is a 404
        for (String app : new String[] {ONE, TWO}) {
            slipway.await(app + " reaches addon-service", () -> api.get("/apps/" + app + "/addons").status() == 200);
        }
    }

    @Test
    @Order(1)
    void an_addon_sets_DATABASE_URL_with_a_release_and_the_user_cannot_edit_it() {
        Api.Response created = api.post("/apps/" + ONE + "/addons", "{\"plan\":{\"name\":\"heroku-postgresql\"}}");
        assertEquals(201, created.status(), created.toString());
        addon = created.json().path("name").asText();
        assertTrue(addon.matches("postgresql-[a-z]+-\\d{5}"), addon);
        assertEquals("DATABASE_URL", created.json().path("config_vars").get(0).asText(), created.toString());

        slipway.await("DATABASE_URL set", () -> api.get("/apps/" + ONE + "/config-vars").json().has("DATABASE_URL"));
        databaseUrl = api.get("/apps/" + ONE + "/config-vars").json().path("DATABASE_URL").asText();
        assertTrue(databaseUrl.startsWith("postgres://"), databaseUrl);
        assertNotNull(awaitRelease(ONE, "Attach DATABASE (" + addon + ")"));

        Api.Response edit = api.patch("/apps/" + ONE + "/config-vars", "{\"DATABASE_URL\":\"postgres://mine\"}");
        assertEquals(422, edit.status(), edit.toString());
        assertTrue(edit.body().contains("managed by the add-on " + addon), edit.toString());
        Api.Response unset = api.patch("/apps/" + ONE + "/config-vars", "{\"DATABASE_URL\":null}");
        assertEquals(422, unset.status(), unset.toString());
    }

    @Test
    @Order(2)
    void the_release_phase_creates_the_table_and_the_app_reads_and_writes_it() {
        FixtureApp app = FixtureApp.of("node-pg", dir(ONE));
        Shell.Result push = slipway.awaitPushAccepted(app::push, slipway.gitUrl(ONE));
        assertTrue(push.output().contains("remote: Running release command..."), push.output());
        assertTrue(push.output().contains("remote: migrated " + database(databaseUrl) + " on release."), push.output());
        slipway.awaitApp(ONE, "node-pg database=yes");

        assertEquals(201, postToApp(ONE, "/notes", "first note").status());
        assertEquals(201, postToApp(ONE, "/notes", "second note").status());
        Api.Response notes = Api.getApp(slipway.routerUrl(), ONE + ".localhost", "/notes");
        assertEquals(200, notes.status(), notes.toString());
        assertEquals("[\"first note\",\"second note\"]", notes.body());
    }

    @Test
    @Order(3)
    void a_backup_captured_with_the_cli_brings_a_dropped_table_back() throws IOException {
        cli = HerokuCli.user(slipway.routerUrl(), slipway.apiKey(), work.resolve("cli"));
        String captured = cli.ok("pg:backups:capture", "-a", ONE);
        assertTrue(captured.contains("Backing up DATABASE to b001... done")
                || captured.contains("Backing up " + addon + " to b001... done"), captured);
        String list = cli.ok("pg:backups", "-a", ONE);
        assertTrue(list.contains("b001") && list.contains("Completed"), list);

        String dropped = cli.ok("pg:psql", "-a", ONE, "-c", "DROP TABLE notes");
        assertTrue(dropped.contains("DROP TABLE"), dropped);
        assertEquals(500, Api.getApp(slipway.routerUrl(), ONE + ".localhost", "/notes").status(), "the table is gone");

        String restored = cli.ok("pg:backups:restore", "b001", "DATABASE_URL", "-a", ONE, "--confirm", ONE);
        assertTrue(restored.contains("Restoring... done"), restored);
        Api.Response notes = Api.getApp(slipway.routerUrl(), ONE + ".localhost", "/notes");
        assertEquals(200, notes.status(), notes.toString());
        assertEquals("[\"first note\",\"second note\"]", notes.body());
        assertTrue(cli.ok("pg:backups", "-a", ONE).contains("r002"), "the restore is transfer r002");
    }

    @Test
    @Order(4)
    void the_cli_shows_the_database_its_credentials_and_a_backups_file() throws Exception {
        String info = cli.ok("pg:info", "-a", ONE);
        assertTrue(info.contains("=== DATABASE_URL") && info.contains("Essential 0") && info.contains("Add-on:")
                && info.contains(addon) && info.matches("(?s).*Tables:\\s+1\\b.*")
                && info.matches("(?s).*PG Version:\\s+17\\..*"), info);
        String credentials = cli.ok("pg:credentials:url", "-a", ONE);
        assertTrue(credentials.contains("Connection URL:") && credentials.contains(databaseUrl), credentials);

        String url = cli.ok("pg:backups:url", "b001", "-a", ONE).strip();
        assertTrue(url.startsWith(slipway.routerUrl() + "/client/v11/backup-files/"), url);
        HttpResponse<byte[]> file = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, file.statusCode());
        assertEquals("PGDMP", new String(file.body(), 0, 5, StandardCharsets.US_ASCII), "a pg_dump custom-format file");
        // the CLI downloads with node's https.get alone: a plain-HTTP platform's link is refused by the CLI itself
        Shell.Result download = cli.run("pg:backups:download", "b001", "-a", ONE);
        assertTrue(download.output().contains("Protocol \"http:\" not supported"), download.output());

        Api.Response unknown = api.get("/client/v11/apps/" + ONE + "/transfers/b999");
        assertEquals(404, unknown.status(), unknown.toString());
        assertEquals("Couldn't find that backup.", unknown.json().path("message").asText());
        String addonId = api.get("/apps/" + ONE + "/addons/" + addon).json().path("id").asText();
        Api.Response fetched = api.post("/client/v11/databases/" + addonId + "/restores",
                "{\"backup_url\":\"https://example.com/latest.dump\"}");
        assertEquals(422, fetched.status(), fetched.toString());
        assertTrue(fetched.json().path("message").asText().contains("does not fetch a URL"), fetched.toString());

        // another account: not pgone's backups, not into pgone's database, and not pgone's backup into its own
        Api.Response account = api.post("/admin/accounts", "{\"email\":\"" + platform.email("eve") + "\"}");
        assertEquals(201, account.status(), account.toString());
        Api eve = api.withKey(account.json().path("api_key").asText());
        slipway.await("eve's key reaches addon-service", () -> eve.get("/addons").status() == 200);
        assertEquals(403, eve.get("/client/v11/apps/" + ONE + "/transfers").status());
        assertEquals(404, eve.post("/client/v11/databases/" + addonId + "/backups", "").status());
        assertEquals(201, eve.post("/apps", "{\"name\":\"" + EVE_APP + "\"}").status());
        slipway.await(EVE_APP + " reaches addon-service", () -> eve.get("/apps/" + EVE_APP + "/addons").status() == 200);
        Api.Response evesAddon = eve.post("/apps/" + EVE_APP + "/addons", "{\"plan\":\"heroku-postgresql\"}");
        assertEquals(201, evesAddon.status(), evesAddon.toString());
        backupUrl = api.get("/client/v11/apps/" + ONE + "/transfers/1").json().path("to_url").asText();
        Api.Response stolen = eve.post("/client/v11/databases/" + evesAddon.json().path("id").asText() + "/restores",
                "{\"backup_url\":\"" + backupUrl + "\"}");
        assertEquals(404, stolen.status(), stolen.toString());
        assertEquals("Couldn't find that backup.", stolen.json().path("message").asText());
        assertEquals(200, api.send("DELETE", "/apps/" + EVE_APP, null).status());
        addonIdOfPgone = addonId;
    }

    @Test
    @Order(5)
    void one_apps_credentials_never_open_another_apps_database() throws Exception {
        Api.Response created = api.post("/apps/" + TWO + "/addons", "{\"plan\":\"heroku-postgresql:essential-1\"}");
        assertEquals(201, created.status(), created.toString());
        slipway.await(TWO + "'s DATABASE_URL", () -> api.get("/apps/" + TWO + "/config-vars").json().has("DATABASE_URL"));
        otherDatabaseUrl = api.get("/apps/" + TWO + "/config-vars").json().path("DATABASE_URL").asText();
        String theirs = database(otherDatabaseUrl);

        // from pgone's dyno, through the sandbox's network, with pgone's own credentials
        Api.Response tried = Api.getApp(slipway.routerUrl(), ONE + ".localhost", "/try?database=" + theirs);
        assertEquals(200, tried.status(), tried.toString());
        assertTrue(tried.body().startsWith("refused: "), tried.toString());
        // and from the host
        URI mine = URI.create(databaseUrl);
        SQLException refused = assertThrows(SQLException.class, () -> connect(mine, theirs).close());
        assertTrue(refused.getMessage().contains("no pg_hba.conf entry"), refused.getMessage());
        // each role is its database's only way in: CONNECT is revoked from PUBLIC
        try (Connection admin = slipway.platform().tenantPostgres().adminConnection();
             PreparedStatement q = admin.prepareStatement(
                     "SELECT has_database_privilege(?, ?, 'CONNECT'), has_database_privilege(?, ?, 'CONNECT')")) {
            q.setString(1, mine.getUserInfo().split(":")[0]);
            q.setString(2, theirs);
            q.setString(3, mine.getUserInfo().split(":")[0]);
            q.setString(4, database(databaseUrl));
            var rs = q.executeQuery();
            rs.next();
            assertFalse(rs.getBoolean(1), ONE + "'s role may not connect to " + TWO + "'s database");
            assertTrue(rs.getBoolean(2), ONE + "'s role connects to its own");
        }
    }

    @Test
    @Order(6)
    void a_dyno_reaches_the_tenant_database_but_not_the_platforms_postgresql() {
        URI mine = URI.create(databaseUrl);
        String tenant = Api.getApp(slipway.routerUrl(), ONE + ".localhost",
                "/probe?host=" + mine.getHost() + "&port=" + mine.getPort()).body().trim();
        assertEquals("open", tenant);
        // the platform's PostgreSQL listens on the host's loopback: not from the tenant network's host end, nor loopback
        int platformPort = slipway.platform().postgres().port();
        String[] cluster = mine.getHost().split("\\.");
        String hostEnd = cluster[0] + "." + cluster[1] + "." + cluster[2] + "." + (Integer.parseInt(cluster[3]) - 1);
        for (String host : new String[] {hostEnd, "127.0.0.1"}) {
            String platform = Api.getApp(slipway.routerUrl(), ONE + ".localhost",
                    "/probe?host=" + host + "&port=" + platformPort).body().trim();
            assertTrue(platform.startsWith("closed"), host + ":" + platformPort + " " + platform);
        }
    }

    @Test
    @Order(7)
    void bad_input_gets_herokus_errors() {
        Api.Response plan = api.post("/apps/" + ONE + "/addons", "{\"plan\":{\"name\":\"heroku-postgresql:hobby-dev\"}}");
        assertEquals(422, plan.status(), plan.toString());
        assertEquals("invalid_params", plan.json().path("id").asText());
        assertEquals("Couldn't find either the add-on service or the add-on plan of \"heroku-postgresql:hobby-dev\".",
                plan.json().path("message").asText());

        Api.Response twin = api.post("/apps/" + TWO + "/addons", "{\"plan\":\"heroku-postgresql\",\"name\":\"" + addon + "\"}");
        assertEquals(422, twin.status(), twin.toString());
        assertEquals("Name " + addon + " is already taken by another add-on.", twin.json().path("message").asText());

        // pgone's add-on destroyed through another app, and by another account
        Api.Response elsewhere = api.send("DELETE", "/apps/" + TWO + "/addons/" + addon, null);
        assertEquals(404, elsewhere.status(), elsewhere.toString());
        Api.Response account = api.post("/admin/accounts", "{\"email\":\"" + platform.email("mallory") + "\"}");
        assertEquals(201, account.status(), account.toString());
        Api stranger = api.withKey(account.json().path("api_key").asText());
        // addon-service learns the new key from config-service's ApiKeyIssued, a moment after the answer
        slipway.await("the new key reaches addon-service", () -> stranger.get("/addons").status() == 200);
        Api.Response forbidden = stranger.send("DELETE", "/apps/" + ONE + "/addons/" + addon, null);
        assertEquals(403, forbidden.status(), forbidden.toString());
        assertEquals(404, stranger.get("/addons/" + addon).status());
        assertTrue(api.get("/apps/" + ONE + "/config-vars").json().has("DATABASE_URL"), "the add-on is still there");
    }

    @Test
    @Order(8)
    void destroying_the_addon_drops_the_database_and_removes_the_var() throws Exception {
        Api.Response destroyed = api.send("DELETE", "/apps/" + ONE + "/addons/" + addon, null);
        assertEquals(200, destroyed.status(), destroyed.toString());
        assertEquals("deprovisioned", destroyed.json().path("state").asText());
        awaitRelease(ONE, "Detach DATABASE (" + addon + ")");
        assertFalse(api.get("/apps/" + ONE + "/config-vars").json().has("DATABASE_URL"));
        assertFalse(databaseExists(database(databaseUrl)));
        assertThrows(SQLException.class, () -> connect(URI.create(databaseUrl), database(databaseUrl)).close());
        slipway.awaitApp(ONE, "node-pg database=none");

        // its backups stay, but there is nothing to restore them into
        assertTrue(cli.ok("pg:backups", "-a", ONE).contains("b001"), "b001 outlives its add-on");
        Api.Response gone = api.post("/client/v11/databases/" + addonIdOfPgone + "/restores",
                "{\"backup_url\":\"" + backupUrl + "\"}");
        assertEquals(404, gone.status(), gone.toString());
        assertEquals("Couldn't find that add-on.", gone.json().path("message").asText());
    }

    @Test
    @Order(9)
    void destroying_the_app_destroys_its_addons() throws Exception {
        String theirs = database(otherDatabaseUrl);
        assertTrue(databaseExists(theirs));
        assertEquals(200, api.send("DELETE", "/apps/" + TWO, null).status());
        slipway.await(TWO + "'s database dropped", () -> {
            try {
                return !databaseExists(theirs);
            } catch (SQLException e) {
                return false;
            }
        });
    }

    private JsonNode awaitRelease(String app, String description) {
        JsonNode[] found = new JsonNode[1];
        slipway.await(app + " release '" + description + "'", () -> {
            for (JsonNode r : api.get("/apps/" + app + "/releases").json()) {
                if (description.equals(r.path("description").asText())) {
                    found[0] = r;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    private boolean databaseExists(String name) throws SQLException {
        try (Connection admin = slipway.platform().tenantPostgres().adminConnection();
             PreparedStatement q = admin.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            q.setString(1, name);
            return q.executeQuery().next();
        }
    }

    private static Connection connect(URI credentials, String database) throws SQLException {
        String[] user = credentials.getUserInfo().split(":", 2);
        return DriverManager.getConnection("jdbc:postgresql://" + credentials.getHost() + ":" + credentials.getPort()
                + "/" + database + "?connectTimeout=5", user[0], user[1]);
    }

    private static String database(String url) {
        return URI.create(url).getPath().substring(1);
    }

    private static Path dir(String name) {
        try {
            return Files.createDirectories(work.resolve(name));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Api.Response postToApp(String app, String path, String body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(slipway.routerUrl() + path))
                .timeout(Duration.ofSeconds(35)).header("Host", app + ".localhost")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return new Api.Response(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new IllegalStateException("POST " + path + " to " + app + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
