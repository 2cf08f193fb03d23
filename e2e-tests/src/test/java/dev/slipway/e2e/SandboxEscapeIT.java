package dev.slipway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.Inet4Address;
import java.net.NetworkInterface;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13's escape suite, for dynos. Real: the whole platform as `./slipway up` starts it (as
 * root: dynos in runc sandboxes), real git pushes and builds, a hostile Node app that tries each
 * door from inside its dyno (the platform's files, secrets in /proc, writes, every listening port
 * on every host address, another app's dyno, signals to the platform's processes), a memory
 * balloon and a fork bomb; a second, honest app that must keep serving. Faked: nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SandboxEscapeIT {
    private static final int MAX_TARGETS = 400;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** Its own: a fork bomb, a memory balloon and signals aimed at the platform's own processes. */
    @RegisterExtension
    static final TestPlatform platform = TestPlatform.own();
    @TempDir
    static Path work;
    private Slipway slipway;
    private Api api;
    private Path home;

    @BeforeAll
    void onItsPlatform() {
        slipway = platform.slipway();
        home = slipway.platform().home();
        api = slipway.api();
    }

    @Test
    void aHostileAppIsDeniedEveryDoorAndTheOtherAppKeepsServing() throws Exception {
        assertEquals(201, api.post("/apps", "{\"name\":\"victim\"}").status());
        assertEquals(201, api.post("/apps", "{\"name\":\"hostile\"}").status());
        NodeApp victim = new NodeApp(Files.createDirectories(work.resolve("victim"))).version("victim");
        slipway.awaitPushAccepted(victim, slipway.gitUrl("victim"));
        slipway.awaitApp("victim", "victim dyno=web.1");

        ObjectNode vars = Api.JSON.createObjectNode();
        vars.put("PROBE_HOME", home.toAbsolutePath().toString());
        vars.put("PROBE_TARGETS", String.join(",", targets()));
        vars.put("PROBE_PIDS", ProcessHandle.current().descendants().map(p -> Long.toString(p.pid())).limit(40)
                .collect(Collectors.joining(",")));
        assertEquals(200, api.patch("/apps/hostile/config-vars", vars.toString()).status());
        NodeApp hostileRepo = new NodeApp(Files.createDirectories(work.resolve("hostile")));
        HostileApp.writeInto(hostileRepo.dir());
        slipway.awaitPushAccepted(hostileRepo, slipway.gitUrl("hostile"));
        String report = slipway.awaitApp("hostile", "\"door\"");
        JsonNode attempts = Api.JSON.readTree(report.substring(report.indexOf('[')));
        List<String> allowed = new ArrayList<>();
        attempts.forEach(a -> {
            System.out.println("escape attempt: " + a.path("door").asText() + " -> "
                    + (a.path("denied").asBoolean() ? "denied" : "ALLOWED") + " (" + a.path("detail").asText() + ")");
            if (!a.path("denied").asBoolean()) {
                allowed.add(a.toString());
            }
        });
        assertTrue(attempts.size() > 20, "the probes ran: " + report);
        assertEquals(List.of(), allowed, "every door must be shut");

        // a balloon to three times the quota: the kernel kills it at twice (R15's restart is dyno-manager's lifecycle)
        assertEquals(200, api.patch("/apps/hostile/formation/balloon", "{\"quantity\":1}").status());
        slipway.await("the balloon killed by the kernel at twice the quota",
                () -> logs("hostile", "balloon").contains("heroku[balloon.1]: Process exited with status 137"));
        assertTrue(!logs("hostile", "balloon").contains("balloon survived"), logs("hostile", "balloon"));
        assertEquals(200, api.patch("/apps/hostile/formation/balloon", "{\"quantity\":0}").status());

        // a fork bomb: it meets the size's process limit, and nothing else notices
        assertEquals(200, api.patch("/apps/hostile/formation/bomber", "{\"quantity\":1}").status());
        slipway.await("the fork bomb at the process limit",
                () -> logs("hostile", "bomber").contains("Resource temporarily unavailable"));
        for (int i = 0; i < 10; i++) {
            slipway.awaitApp("victim", "victim dyno=web.1");
        }
        assertTrue(slipway.awaitApp("hostile", "\"door\"").contains("\"denied\":true"), "the bomber's own app still serves");
        assertEquals(0, new ProcessBuilder("true").start().waitFor(), "the host still makes processes");
        assertEquals(200, api.patch("/apps/hostile/formation/bomber", "{\"quantity\":0}").status());
    }

    /**
     * One process type's log as `heroku logs -n 1500 -d <type>` gets it: a log session, then its
     * stream, read for at most 10 s (the stream ends after the stored lines; the bound is in case
     * it does not).
     */
    private String logs(String app, String type) {
        Api.Response session = api.post("/apps/" + app + "/log-sessions", "{\"lines\":1500,\"dyno\":\"" + type + "\"}");
        if (session.status() != 201) {
            return "";
        }
        StringBuffer out = new StringBuffer();
        try {
            HttpResponse<InputStream> stream = HTTP.send(HttpRequest.newBuilder(URI.create(session.json()
                    .path("logplex_url").asText())).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = stream.body()) {
                Thread reader = Thread.ofVirtual().start(() -> {
                    try {
                        byte[] buffer = new byte[8192];
                        for (int n; (n = in.read(buffer)) > 0; ) {
                            out.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
                        }
                    } catch (IOException e) {
                        // closed below when it took too long
                    }
                });
                reader.join(Duration.ofSeconds(10));
            }
        } catch (IOException e) {
            return out.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return out.toString();
    }

    /**
     * Every listening TCP port of the host on every IPv4 address of the host (loopback first, the
     * host ends of the dynos' veths last), and port 5000 at every dyno's address.
     */
    private static List<String> targets() throws IOException {
        List<String> primary = new ArrayList<>();
        List<String> veths = new ArrayList<>();
        List<String> dynos = new ArrayList<>();
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            nic.inetAddresses().filter(a -> a instanceof Inet4Address).forEach(a -> {
                if (nic.getName().startsWith("slw")) {
                    veths.add(a.getHostAddress());
                    byte[] b = a.getAddress();
                    dynos.add((b[0] & 255) + "." + (b[1] & 255) + "." + (b[2] & 255) + "." + ((b[3] & 255) + 1) + ":5000");
                } else {
                    primary.add(a.getHostAddress());
                }
            });
        }
        Set<Integer> ports = new LinkedHashSet<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            for (String line : Files.readAllLines(Path.of(table))) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 3 && "0A".equals(f[3])) {
                    ports.add(Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16));
                }
            }
        }
        List<String> targets = new ArrayList<>(dynos);
        for (List<String> addresses : List.of(primary, veths)) {
            for (String address : addresses) {
                ports.forEach(port -> targets.add(address + ":" + port));
            }
        }
        return targets.subList(0, Math.min(targets.size(), MAX_TARGETS));
    }
}
