import dev.slipway.kit.sandbox.Sandbox;
import dev.slipway.kit.sandbox.SandboxSpec;
import dev.slipway.kit.sandbox.Sandboxes;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What a sandbox adds to a dyno's start and memory: the same Node server started N times as a
 * plain process (the unsafe opt-out's way) and N times in a sandbox (dyno-manager's way, through
 * the kit's library), each timed from launch to its port accepting a TCP connection.
 * Run by bench/sandbox.sh (root).
 */
public class SandboxBench {
    static final String SERVER = "require('http').createServer((q, r) => r.end('ok')).listen(process.env.PORT)";
    static final int UID = 199_999;

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        Path work = Files.createTempDirectory("sandbox-bench");
        Path app = Files.createDirectories(work.resolve("app"));
        Files.writeString(app.resolve("server.js"), SERVER);
        Files.setAttribute(app, "unix:uid", UID);
        Files.setAttribute(app, "unix:gid", UID);
        Sandboxes sandboxes = Sandboxes.open(work.resolve("bundles"), "bench" + ProcessHandle.current().pid() + "-");
        List<Double> plain = new ArrayList<>();
        List<Double> boxed = new ArrayList<>();
        List<Long> cgroupBytes = new ArrayList<>();
        List<Long> appRss = new ArrayList<>();
        List<Long> runcRss = new ArrayList<>();
        List<Long> initRss = new ArrayList<>();
        List<Double> setup = new ArrayList<>();
        List<Double> plainTrue = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            // the walls alone: network, bundle, runc, namespaces, cgroup, for a command that does nothing
            long p0 = System.nanoTime();
            new ProcessBuilder("/bin/bash", "-c", "exec /bin/true").start().waitFor();
            plainTrue.add((System.nanoTime() - p0) / 1e6);
            long s0 = System.nanoTime();
            try (Sandbox t = sandboxes.start(new SandboxSpec(sandboxes.prefix() + "t" + i, "bench", UID, UID,
                    List.of("/bin/true"), Map.of("PATH", "/usr/bin:/bin"), "/", List.of(), 1L << 20,
                    new SandboxSpec.Limits(1L << 30, 256, 1024), true))) {
                t.output().transferTo(java.io.OutputStream.nullOutputStream());
                t.exited().get(10, TimeUnit.SECONDS);
                setup.add((System.nanoTime() - s0) / 1e6);
            }
            plain.add(plain(app));
            long t0 = System.nanoTime();
            Sandbox s = sandboxes.start(new SandboxSpec(sandboxes.prefix() + i, "bench", UID, UID,
                    List.of("/bin/bash", "-c", "cd /app; exec /bin/bash -c 'node server.js'"),
                    Map.of("PATH", "/usr/bin:/bin", "PORT", "5000", "HOME", "/app"), "/app",
                    List.of(SandboxSpec.Bind.writable(app, "/app")), 512L << 20,
                    new SandboxSpec.Limits(1L << 30, 256, 1024), true));
            awaitAccepting(s.address(), 5000);
            boxed.add((System.nanoTime() - t0) / 1e6);
            Thread.sleep(300);
            cgroupBytes.add(s.memoryBytes());
            appRss.add(rssOfCommand(s.id(), "node"));
            runcRss.add(rss(s.pid()));
            initRss.add(rssOfCommand(s.id(), "bash"));
            s.signal("KILL");
            s.exited().get(10, TimeUnit.SECONDS);
            s.close();
        }
        sandboxes.reap();
        System.out.printf("runs: %d (first of each kind included)%n", runs);
        System.out.printf("launch -> port accepting, plain process : median %.0f ms, min %.0f, max %.0f%n",
                median(plain), Collections.min(plain), Collections.max(plain));
        System.out.printf("launch -> port accepting, sandbox       : median %.0f ms, min %.0f, max %.0f%n",
                median(boxed), Collections.min(boxed), Collections.max(boxed));
        System.out.printf("sandbox adds (median - median)          : %.0f ms%n", median(boxed) - median(plain));
        System.out.printf("/bin/true, plain bash -> exit            : median %.0f ms%n", median(plainTrue));
        System.out.printf("/bin/true in a sandbox, start -> exit -> removed (network, bundle, runc, cgroup, teardown): "
                + "median %.0f ms, min %.0f, max %.0f%n", median(setup), Collections.min(setup), Collections.max(setup));
        System.out.printf("the app (node) RSS                       : median %.1f MiB%n",
                median(appRss.stream().map(b -> b / 1048576.0).toList()));
        System.out.printf("beyond it, in the sandbox: the init bash : median RSS %.1f MiB%n",
                median(initRss.stream().map(b -> b / 1048576.0).toList()));
        System.out.printf("sandbox cgroup usage (shared pages are charged to whoever read them first): median %.1f MiB%n",
                median(cgroupBytes.stream().map(b -> b / 1048576.0).toList()));
        System.out.printf("host-side runc run process (one per dyno): median RSS %.1f MiB%n",
                median(runcRss.stream().map(b -> b / 1048576.0).toList()));
    }

    static double plain(Path app) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        long t0 = System.nanoTime();
        ProcessBuilder pb = new ProcessBuilder("setsid", "/bin/bash", "-c", "exec /bin/bash -c 'node server.js'")
                .directory(app.toFile()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("PORT", Integer.toString(port));
        Process p = pb.start();
        awaitAccepting("127.0.0.1", port);
        double ms = (System.nanoTime() - t0) / 1e6;
        p.destroyForcibly().waitFor();
        return ms;
    }

    static void awaitAccepting(String host, int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(host, port), 200);
                return;
            } catch (IOException e) {
                Thread.sleep(2);
            }
        }
        throw new IllegalStateException("nothing accepted on " + host + ":" + port);
    }

    static long rssOfCommand(String sandboxId, String command) throws IOException {
        Path procs = Path.of("/sys/fs/cgroup/memory/slipway", sandboxId, "cgroup.procs");
        for (String pid : Files.readAllLines(procs)) {
            if (Files.readString(Path.of("/proc", pid.trim(), "comm")).trim().equals(command)) {
                return rss(Long.parseLong(pid.trim()));
            }
        }
        return -1;
    }

    static long rss(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return -1;
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
