package dev.slipway.kit.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sandbox library against the real thing: runc, network namespaces, veths, nftables and the
 * cgroups of this host (root needed; skipped with the reason where the host cannot sandbox). The
 * sandboxed programs are the host's own bash, coreutils, procps and node. Nothing is faked.
 */
class SandboxesIT {
    private static final int UID = 100_900 + ThreadLocalRandom.current().nextInt(50);
    private static final SandboxSpec.Limits SMALL = new SandboxSpec.Limits(64L * 1024 * 1024, 64, 512);

    @TempDir
    static Path work;
    static Sandboxes sandboxes;
    static String prefix;
    static int counter;

    @BeforeAll
    static void open() throws IOException {
        assumeTrue(Sandboxes.unavailable().isEmpty(), () -> "cannot sandbox here: " + Sandboxes.unavailable().get());
        // unique per JVM: several test runs share the host
        prefix = "kit" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()) + "-";
        sandboxes = Sandboxes.open(work.resolve("bundles"), prefix, null);
    }

    @AfterAll
    static void reapEverything() throws IOException {
        if (sandboxes != null) {
            sandboxes.reap();
        }
    }

    @Test
    void aSandboxSeesOnlyItselfAsAnUnprivilegedUser() throws Exception {
        Path secret = Files.writeString(work.resolve("secret"), "platform secret");
        String out = runToEnd(spec("""
                id -u; id -g; hostname
                grep -E '^(CapEff|CapBnd|NoNewPrivs|Seccomp):' /proc/self/status
                echo "ps=$(ps -e --no-headers | wc -l)"
                touch /usr/x 2>/dev/null && echo usr-writable || echo usr-readonly
                touch /x 2>/dev/null && echo root-writable || echo root-readonly
                echo hi > /tmp/t && echo tmp-writable
                echo hi > /app/t && echo app-writable
                cat %s 2>/dev/null && echo secret-read || echo secret-invisible
                unshare -U true 2>/dev/null && echo userns-made || echo userns-denied
                """.formatted(secret), true), 0);
        List<String> lines = out.lines().toList();
        assertEquals(Integer.toString(UID), lines.get(0), out);
        assertEquals(Integer.toString(UID), lines.get(1), out);
        assertTrue(lines.get(2).startsWith(prefix), out);
        assertTrue(out.contains("CapEff:\t0000000000000000"), out);
        assertTrue(out.contains("CapBnd:\t0000000000000000"), out);
        assertTrue(out.contains("NoNewPrivs:\t1"), out);
        assertTrue(out.contains("Seccomp:\t2"), out);
        // the init, bash, the subshell, ps and wc: nothing of the host's processes
        int ps = Integer.parseInt(out.lines().filter(l -> l.startsWith("ps=")).findFirst().orElseThrow().substring(3));
        assertTrue(ps >= 2 && ps <= 5, out);
        for (String fact : List.of("usr-readonly", "root-readonly", "tmp-writable", "app-writable", "secret-invisible",
                "userns-denied")) {
            assertTrue(out.contains(fact), fact + " expected in:\n" + out);
        }
    }

    @Test
    void theHostReachesASandboxButASandboxReachesNeitherTheHostNorAnotherSandbox() throws Exception {
        try (ServerSocket loopback = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             ServerSocket wildcard = new ServerSocket(0)) {
            Sandbox server = sandboxes.start(spec("exec node -e \"require('net').createServer(s => s.end('hello')).listen(5000)\"",
                    true));
            try {
                assertNotNull(server.address());
                if (!awaitAccepting(server.address(), 5000)) {
                    server.signal("KILL");
                    throw new AssertionError("the host does not reach the sandbox's port: "
                            + new String(server.output().readAllBytes(), StandardCharsets.UTF_8));
                }
                List<String> targets = new ArrayList<>(List.of("127.0.0.1:" + loopback.getLocalPort(),
                        server.address() + ":5000"));
                for (String hostAddress : hostAddresses()) {
                    targets.add(hostAddress + ":" + wildcard.getLocalPort());
                }
                // the host's end of the client's own veth: it is an address of the host's too
                targets.add(gatewayOf(server.address()) + ":" + wildcard.getLocalPort());
                StringBuilder script = new StringBuilder();
                for (String t : targets) {
                    String[] hp = t.split(":");
                    script.append("timeout 2 bash -c 'echo > /dev/tcp/%s/%s' 2>/dev/null && echo 'open %s' || echo 'closed %s'\n"
                            .formatted(hp[0], hp[1], t, t));
                }
                String out = runToEnd(spec(script.toString(), true), 0);
                for (String t : targets) {
                    assertTrue(out.contains("closed " + t), t + " must be unreachable:\n" + out);
                }
            } finally {
                server.signal("KILL");
                server.exited().get(10, TimeUnit.SECONDS);
                server.close();
            }
        }
    }

    @Test
    void reachingTheMemoryLimitIsAnOomKillTheCgroupCounts() throws Exception {
        Sandbox s = sandboxes.start(spec("exec node -e \"const a=[]; for(;;) a.push(Buffer.alloc(1<<20, 1))\"", false));
        try {
            s.output().transferTo(java.io.OutputStream.nullOutputStream());
            int status = s.exited().get(60, TimeUnit.SECONDS);
            assertEquals(128 + 9, status, "killed by SIGKILL");
            assertTrue(s.oomKills() >= 1, "oom kills: " + s.oomKills());
            assertTrue(s.memoryPeakBytes() > 32L * 1024 * 1024, "peak " + s.memoryPeakBytes());
        } finally {
            s.close();
        }
    }

    @Test
    void aForkBombStopsAtTheProcessLimit() throws Exception {
        Sandbox s = sandboxes.start(spec("bomb() { bomb | bomb & }; bomb; sleep 3; echo survived", false));
        try {
            Thread.sleep(1500);
            long processes = Files.readAllLines(Path.of("/sys/fs/cgroup/pids/slipway", s.id(), "pids.current")).stream()
                    .mapToLong(Long::parseLong).findFirst().orElse(-1);
            assertTrue(processes <= SMALL.pids(), "pids " + processes);
            s.signal("KILL");
            assertEquals(128 + 9, s.exited().get(10, TimeUnit.SECONDS));
            // the host still starts processes
            assertEquals(0, new ProcessBuilder("true").start().waitFor());
        } finally {
            s.close();
        }
        assertFalse(Files.exists(Path.of("/sys/fs/cgroup/pids/slipway", s.id())), "cgroup removed");
    }

    @Test
    void aTermReachesEveryProcessAndTheStatusSaysTheSignal() throws Exception {
        Sandbox s = sandboxes.start(spec("sleep 1000 & sleep 1000 & exec sleep 1000", true));
        try {
            awaitRunning(s);
            s.signal("TERM");
            assertEquals(128 + 15, s.exited().get(10, TimeUnit.SECONDS));
        } finally {
            s.close();
        }
        assertFalse(Files.exists(AddressPool.NETNS_DIR.resolve(s.id())), "netns removed");
    }

    @Test
    void aReapRemovesWhatACrashedRunLeft() throws Exception {
        Sandbox s = sandboxes.start(spec("exec sleep 1000", true));
        awaitRunning(s);
        // a platform that died: its runc child gone, the container still there
        new ProcessBuilder("kill", "-9", Long.toString(s.pid())).start().waitFor();
        Sandboxes again = Sandboxes.open(work.resolve("bundles"), s.id(), null);
        again.reap();
        assertFalse(Files.exists(AddressPool.NETNS_DIR.resolve(s.id())), "netns reaped");
        assertFalse(Files.exists(Path.of("/sys/fs/cgroup/memory/slipway", s.id())), "cgroup reaped");
        assertFalse(Files.exists(work.resolve("bundles").resolve(s.id())), "bundle reaped");
        assertEquals(List.of(), sandboxes.runc().list(s.id()));
    }

    private static SandboxSpec spec(String script, boolean network) throws IOException, InterruptedException {
        String id = prefix + (++counter);
        Path app = Files.createDirectories(work.resolve("app-" + id));
        new ProcessBuilder("chown", UID + ":" + UID, app.toString()).start().waitFor();
        return new SandboxSpec(id, id, UID, UID, List.of("/bin/bash", "-c", script),
                Map.of("PATH", "/usr/bin:/bin", "HOME", "/app"), "/app",
                List.of(SandboxSpec.Bind.writable(app, "/app")), 16L * 1024 * 1024, SMALL, network);
    }

    private static String runToEnd(SandboxSpec spec, int expectedStatus) throws Exception {
        try (Sandbox s = sandboxes.start(spec)) {
            String out = new String(s.output().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(expectedStatus, s.exited().get(30, TimeUnit.SECONDS), out);
            return out;
        }
    }

    private static void awaitRunning(Sandbox s) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline && sandboxes.runc().pid(s.id()) <= 0) {
            Thread.sleep(20);
        }
        assertTrue(sandboxes.runc().pid(s.id()) > 0, "running");
    }

    private static boolean awaitAccepting(String host, int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(host, port), 200);
                return true;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        return false;
    }

    private static List<String> hostAddresses() throws IOException {
        List<String> found = new ArrayList<>();
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (nic.isLoopback() || nic.getName().startsWith(NetworkRules.INTERFACE_PREFIX) || !nic.isUp()) {
                continue;
            }
            nic.inetAddresses().filter(a -> a instanceof java.net.Inet4Address).forEach(a -> found.add(a.getHostAddress()));
        }
        return found;
    }

    private static String gatewayOf(String address) {
        String[] o = address.split("\\.");
        return o[0] + "." + o[1] + "." + o[2] + "." + (Integer.parseInt(o[3]) - 1);
    }
}
