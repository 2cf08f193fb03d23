package dev.slipway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.devstack.Platform;
import dev.slipway.devstack.ServiceModule;
import dev.slipway.events.Topics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The platform's own walls and its self-healing (issue 14), on the whole platform as
 * {@code ./slipway up} starts it: internal ports on loopback only, {@code /internal/} refused
 * without the service credential, the broker refusing a client without credentials, and a
 * service JVM, the broker and PostgreSQL each killed with SIGKILL and brought back by the
 * launcher's supervisor while the API keeps (or starts again) answering. Real: everything.
 * Faked: nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlatformWallsIT {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private static final Duration COMEBACK = Duration.ofMinutes(2);

    /** Its own: a service JVM, the broker and PostgreSQL are killed. */
    @RegisterExtension
    static final TestPlatform own = TestPlatform.own();
    private Platform platform;
    private Api api;

    @BeforeAll
    void anApp() {
        platform = own.slipway().platform();
        api = new Api(platform.routerUrl(), platform.apiKey());
        assertEquals(201, api.post("/apps", "{\"name\":\"walls\"}").status());
    }

    @Test
    @Order(1)
    void internalPortsListenOnLoopbackAndOnlyTheRouterOnEveryInterface() throws IOException {
        for (ServiceModule service : ServiceModule.values()) {
            int port = URI.create(platform.serviceUrl(service)).getPort();
            assertEquals(List.of("127.0.0.1"), ListeningSockets.addressesOf(port), service.module());
        }
        // 0.0.0.0 may come out as one dual-stack IPv6 socket on "::": every interface either way
        List<String> edge = ListeningSockets.addressesOf(URI.create(platform.routerUrl()).getPort());
        assertTrue(!edge.isEmpty() && List.of("0.0.0.0", "::").containsAll(edge), "the router's public edge: " + edge);
    }

    @Test
    @Order(2)
    void internalEndpointsWantTheServiceCredential() {
        String slug = "/internal/slugs/" + "0".repeat(64);
        for (String url : List.of(platform.serviceUrl(ServiceModule.BUILDER_SERVICE) + slug,
                platform.serviceUrl(ServiceModule.GIT_GATEWAY) + "/internal/pushes/" + java.util.UUID.randomUUID() + "/source")) {
            HttpResponse<String> refused = get(url, Map.of());
            assertEquals(401, refused.statusCode(), url);
            assertTrue(refused.body().contains("\"id\":\"unauthorized\""), refused.body());
            assertEquals(401, get(url, Map.of("X-Slipway-Service-Token", "guessed")).statusCode(), url);
        }
    }

    @Test
    @Order(3)
    void theBrokerRefusesAClientWithoutCredentials() {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.kafka().bootstrapServers(),
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 3_000);
        try (KafkaProducer<String, String> anonymous = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            ExecutionException refused = assertThrows(ExecutionException.class, () -> anonymous.send(
                    new ProducerRecord<>(Topics.CONFIG, "app", "{\"type\":\"ApiKeyIssued\"}")).get());
            assertInstanceOf(TimeoutException.class, refused.getCause());
        }
    }

    @Test
    @Order(4)
    void aKilledServiceIsRestartedAndAnswersAgain() throws Exception {
        long before = platform.servicePid(ServiceModule.RELEASE_SERVICE);
        ProcessHandle.of(before).orElseThrow().destroyForcibly(); // kill -9
        long killedAt = System.nanoTime();
        await("release-service restarted", () -> {
            long now = platform.servicePid(ServiceModule.RELEASE_SERVICE);
            return now > 0 && now != before;
        });
        await("the releases of walls through the router", () -> api.get("/apps/walls/releases").status() == 200);
        System.out.printf("release-service answered again %d ms after kill -9%n", Duration.ofNanos(System.nanoTime() - killedAt).toMillis());
        assertEquals(1, platform.partStatus().get("release-service").restarts());
        String state = Files.readString(platform.home().resolve("run/platform.properties"));
        assertTrue(state.contains("part.release-service.restarts=1"), state);
    }

    @Test
    @Order(5)
    void aKilledBrokerIsRestartedAndEventsFlowAgain() {
        long before = platform.kafka().pid();
        ProcessHandle.of(before).orElseThrow().destroyForcibly();
        await("the broker restarted", () -> platform.kafka().pid() > 0 && platform.kafka().pid() != before);
        // config-service's AppCreated reaches release-service through the broker again
        assertEquals(201, api.post("/apps", "{\"name\":\"after-broker\"}").status());
        await("release-service learnt of after-broker", () -> api.get("/apps/after-broker/releases").status() == 200);
        assertEquals(1, platform.partStatus().get("kafka").restarts());
    }

    @Test
    @Order(6)
    void aKilledPostgresIsRestartedAndTheApiAnswersAgain() throws Exception {
        Path pidFile = platform.home().resolve("postgres/postmaster.pid");
        long postmaster = Long.parseLong(Files.readAllLines(pidFile).getFirst().strip());
        ProcessHandle.of(postmaster).orElseThrow().destroyForcibly();
        long killedAt = System.nanoTime();
        // the restart first: the old postmaster's backends may still answer on open connections for a moment
        await("PostgreSQL restarted", () -> platform.partStatus().get("postgres").restarts() >= 1);
        await("the API answers from the database again", () -> api.get("/apps/walls").status() == 200);
        System.out.printf("the API answered %d ms after PostgreSQL's kill -9%n",
                Duration.ofNanos(System.nanoTime() - killedAt).toMillis());
        long now = Long.parseLong(Files.readAllLines(pidFile).getFirst().strip());
        assertNotEquals(postmaster, now);
        assertTrue(ProcessHandle.of(now).map(ProcessHandle::isAlive).orElse(false), "a new postmaster runs");
    }

    private static HttpResponse<String> get(String url, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET();
        headers.forEach(request::header);
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("GET " + url + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Polls; an exception (a connection refused while a part restarts) counts as "not yet". */
    private void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + COMEBACK.toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException e) {
                last = e;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("timed out waiting for " + what + "; logs in " + platform.logsDir(), last);
    }
}
