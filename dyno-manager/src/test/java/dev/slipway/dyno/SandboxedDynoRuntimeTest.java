package dev.slipway.dyno;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.slipway.devstack.ServiceTestResource;
import dev.slipway.dyno.config.DynoSettings;
import dev.slipway.dyno.domain.AppRelease;
import dev.slipway.dyno.domain.DynoRuntime;
import dev.slipway.dyno.domain.DynoSize;
import dev.slipway.dyno.domain.DynoSpec;
import dev.slipway.kit.sandbox.Sandboxes;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real dyno runtime as the service wires it (runc sandboxes, netns, nftables, cgroups, the
 * app's uid from PostgreSQL via devstack), launched directly: what a dyno sees and cannot reach
 * from inside, a memory balloon and a fork bomb. The slug comes from a tiny HTTP server in the
 * test standing in for builder-service; the dynos are the host's bash and node. Needs root (the
 * test is skipped with the reason where the machine cannot sandbox).
 */
@QuarkusTest
@QuarkusTestResource(value = ServiceTestResource.class, initArgs = @ResourceArg(name = "service", value = "dyno"))
class SandboxedDynoRuntimeTest {
    private static final String PROBE = """
            echo "uid=$(id -u) gid=$(id -g) home=$HOME pwd=$(pwd) port=$PORT"
            echo "hostname=$(hostname)"
            grep -E '^(CapEff|NoNewPrivs):' /proc/self/status
            echo "ps=$(ps -e --no-headers | wc -l)"
            echo "app-owner=$(stat -c %u /app/probe.sh)"
            touch / 2>/dev/null && echo root-writable || echo root-readonly
            touch /usr/x 2>/dev/null && echo usr-writable || echo usr-readonly
            touch /etc/x 2>/dev/null && echo etc-writable || echo etc-readonly
            echo x > /tmp/x && echo tmp-writable
            ls "$1" >/dev/null 2>&1 && echo home-visible || echo home-invisible
            for t in $2; do
              timeout 2 bash -c "echo > /dev/tcp/${t%:*}/${t#*:}" 2>/dev/null && echo "open $t" || echo "closed $t"
            done
            """;
    private static final String SERVER_JS = "require('http').createServer((q, r) => r.end('ok')).listen(process.env.PORT)";
    private static final String BALLOON_JS = "const a = []; for (;;) a.push(Buffer.alloc(1 << 20, 1))";

    static SlugServer slugs;

    @Inject
    DynoRuntime runtime;
    @Inject
    DynoSettings settings;
    @TestHTTPResource("/")
    URL service;

    @BeforeAll
    static void serveSlugs() throws IOException {
        slugs = new SlugServer();
    }

    @AfterAll
    static void stopSlugs() {
        slugs.close();
    }

    @Test
    void aDynoSeesItsAppAsItsOwnUserAndReachesNeitherThePlatformNorAnotherDyno() throws Exception {
        assumeTrue(Sandboxes.unavailable().isEmpty(), () -> "cannot sandbox here: " + Sandboxes.unavailable().get());
        UUID app = UUID.randomUUID();
        String slug = slugs.add(Map.of("probe.sh", PROBE, "server.js", SERVER_JS));
        DynoRuntime.Handle other = runtime.launch(spec(app, "web.1", "node server.js", slug, DynoSize.STANDARD_1X));
        // a platform port on every address of the host, as a service bound to 0.0.0.0 would have
        try (ServerSocket everywhere = new ServerSocket(0)) {
            awaitAccepting(other);
            List<String> targets = new ArrayList<>();
            targets.add("127.0.0.1:" + service.getPort());
            targets.add("127.0.0.1:" + everywhere.getLocalPort());
            for (String address : hostAddresses()) {
                targets.add(address + ":" + everywhere.getLocalPort());
            }
            targets.add(other.host() + ":" + other.port());
            String command = "bash probe.sh " + settings.dynos().getParent() + " '" + String.join(" ", targets) + "'";
            UUID id = UUID.randomUUID();
            DynoRuntime.Handle probe = runtime.launch(new DynoSpec(id, "run.1", "run", command, DynoSize.STANDARD_1X,
                    release(app, slug), Map.of()));
            String out = readAll(probe);
            int uid = Integer.parseInt(out.substring(4, out.indexOf(' ')));
            assertTrue(uid >= 100_000 && uid < 500_000, out);
            for (String fact : List.of("gid=" + uid, "home=/app", "pwd=/app", "port=5000", "hostname=" + id,
                    "CapEff:\t0000000000000000", "NoNewPrivs:\t1", "app-owner=" + uid, "root-readonly", "usr-readonly",
                    "etc-readonly", "tmp-writable", "home-invisible")) {
                assertTrue(out.contains(fact), fact + " expected in:\n" + out);
            }
            int ps = Integer.parseInt(out.lines().filter(l -> l.startsWith("ps=")).findFirst().orElseThrow().substring(3));
            assertTrue(ps <= 6, "only the dyno's own processes: " + out);
            for (String t : targets) {
                assertTrue(out.contains("closed " + t), t + " must be unreachable from a dyno:\n" + out);
            }
            probe.discard();
        } finally {
            other.kill();
            other.exited().get(10, TimeUnit.SECONDS);
            other.discard();
        }
    }

    @Test
    void aDynoRunsItsRuntimeLayerReadOnlyAndAHostUnpacksItOnce() throws Exception {
        assumeTrue(Sandboxes.unavailable().isEmpty(), () -> "cannot sandbox here: " + Sandboxes.unavailable().get());
        UUID app = UUID.randomUUID();
        String slug = slugs.add(Map.of("run.sh", """
                /app/.heroku/rt/bin/hello
                echo "layer-owner=$(stat -c %u /app/.heroku/rt/bin/hello)"
                touch /app/.heroku/rt/x 2>/dev/null && echo layer-writable || echo layer-readonly
                echo x > /app/.heroku/rt/bin/hello 2>/dev/null && echo layer-file-writable || echo layer-file-readonly
                touch /app/own && echo app-writable
                """));
        String layer = slugs.addLayer(Map.of("bin/hello", "#!/bin/sh\necho hello from the layer\n"));
        List<dev.slipway.events.RuntimeLayer> layers = List.of(
                new dev.slipway.events.RuntimeLayer(layer, slugs.layerUrl(layer), "/app/.heroku/rt"));
        for (int i = 0; i < 2; i++) {
            DynoRuntime.Handle h = runtime.launch(new DynoSpec(UUID.randomUUID(), "run." + i, "run", "bash run.sh",
                    DynoSize.STANDARD_1X, release(app, slug, layers), Map.of()));
            String out = readAll(h);
            h.discard();
            for (String fact : List.of("hello from the layer", "layer-owner=0", "layer-readonly", "layer-file-readonly",
                    "app-writable")) {
                assertTrue(out.contains(fact), fact + " expected in:\n" + out);
            }
        }
        // unpacked once, kept by its id, behind a directory only the platform enters
        assertTrue(java.nio.file.Files.isDirectory(settings.layers().resolve(layer).resolve("bin")));
        assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(
                java.nio.file.Files.getPosixFilePermissions(settings.layers())));
        // a release can only name a layer by its sha256, mounted under /app
        for (var bad : List.of(new dev.slipway.events.RuntimeLayer(layer, slugs.layerUrl(layer), "/usr/lib/node"),
                new dev.slipway.events.RuntimeLayer(layer, slugs.layerUrl(layer), "/app/../etc"),
                new dev.slipway.events.RuntimeLayer("../" + layer, slugs.layerUrl(layer), "/app/.heroku/rt"))) {
            IOException refused = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> runtime.launch(
                    new DynoSpec(UUID.randomUUID(), "run.9", "run", "true", DynoSize.STANDARD_1X,
                            release(app, slug, List.of(bad)), Map.of())));
            assertTrue(refused.getMessage().contains("runtime layer"), refused.getMessage());
        }
    }

    @Test
    void aDynoOverTwiceItsQuotaIsKilledByTheKernelAndTheKillIsCounted() throws Exception {
        assumeTrue(Sandboxes.unavailable().isEmpty(), () -> "cannot sandbox here: " + Sandboxes.unavailable().get());
        String slug = slugs.add(Map.of("balloon.js", BALLOON_JS));
        UUID app = UUID.randomUUID();
        DynoRuntime.Handle h = runtime.launch(spec(app, "worker.1", "node --max-old-space-size=4096 balloon.js", slug,
                DynoSize.STANDARD_1X));
        try {
            h.output().transferTo(java.io.OutputStream.nullOutputStream());
            assertEquals(128 + 9, h.exited().get(60, TimeUnit.SECONDS));
            assertTrue(h.oomKills() >= 1, "OOM kills: " + h.oomKills());
        } finally {
            h.discard();
        }
    }

    @Test
    void aForkBombStopsAtTheSizesProcessLimit() throws Exception {
        assumeTrue(Sandboxes.unavailable().isEmpty(), () -> "cannot sandbox here: " + Sandboxes.unavailable().get());
        String slug = slugs.add(Map.of("bomb.sh", "bomb() { bomb | bomb & }; bomb; sleep 5\n"));
        DynoRuntime.Handle h = runtime.launch(spec(UUID.randomUUID(), "worker.1", "bash bomb.sh", slug,
                DynoSize.STANDARD_1X));
        try {
            StringBuilder out = new StringBuilder();
            Thread reader = Thread.ofVirtual().start(() -> {
                try {
                    out.append(new String(h.output().readNBytes(4096), StandardCharsets.UTF_8));
                } catch (IOException e) {
                    // the dyno is killed below
                }
            });
            reader.join(TimeUnit.SECONDS.toMillis(4));
            assertTrue(out.toString().contains("retry") || out.toString().contains("Resource temporarily unavailable"),
                    "fork fails at the limit: " + out);
            assertTrue(h.memoryBytes() > 0, "the cgroup is there");
            h.kill();
            assertEquals(128 + 9, h.exited().get(20, TimeUnit.SECONDS));
            // the host still makes processes
            assertEquals(0, new ProcessBuilder("true").start().waitFor());
        } finally {
            h.discard();
        }
    }

    private static DynoSpec spec(UUID app, String name, String command, String slug, DynoSize size) {
        return new DynoSpec(UUID.randomUUID(), name, name.substring(0, name.indexOf('.')), command, size,
                release(app, slug), Map.of());
    }

    private static AppRelease release(UUID app, String slug) {
        return release(app, slug, List.of());
    }

    private static AppRelease release(UUID app, String slug, List<dev.slipway.events.RuntimeLayer> layers) {
        return new AppRelease(app, "sandbox-test", UUID.randomUUID(), 1, slug, slugs.url(slug), Map.of(), Map.of(), null,
                Instant.now(), layers);
    }

    private static String readAll(DynoRuntime.Handle h) throws Exception {
        String out = new String(h.output().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, h.exited().get(30, TimeUnit.SECONDS), out);
        return out;
    }

    private static void awaitAccepting(DynoRuntime.Handle h) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            if (h.accepting()) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the web dyno never accepted on " + h.host() + ":" + h.port());
    }

    /** Every IPv4 address of the host but the loopback: the platform's ports listen on all of them. */
    private static List<String> hostAddresses() throws IOException {
        List<String> found = new ArrayList<>();
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isLoopback() && nic.isUp()) {
                nic.inetAddresses().filter(a -> a instanceof Inet4Address).forEach(a -> found.add(a.getHostAddress()));
            }
        }
        return found;
    }
}
