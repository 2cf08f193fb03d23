package dev.slipway.builder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A git server "on the internet" for sandboxed build steps, which never reach the host: the real
 * {@code git daemon} in a network namespace of its own, joined to the host by a veth with a
 * /30 from the benchmark range 198.18.0.0/15 (no one's real network). A sandbox reaches it the
 * way it reaches GitHub: through its NAT, routed by the host. Needs root; cleaned up at exit.
 */
final class OutsideGitServer implements AutoCloseable {
    private static OutsideGitServer shared;

    private final String netns;
    private final String hostLink;
    private final String address;
    private final Path root;
    private final Process daemon;

    private OutsideGitServer() throws IOException, InterruptedException {
        String tag = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000000));
        netns = "bldgit-" + tag;
        hostLink = "bgh" + tag;
        String peer = "bgp" + tag;
        int third = ThreadLocalRandom.current().nextInt(256);
        int fourth = ThreadLocalRandom.current().nextInt(64) * 4;
        String net = "198.18." + third + ".";
        address = net + (fourth + 2);
        root = Files.createTempDirectory("outside-git");
        run("ip", "netns", "add", netns);
        run("ip", "link", "add", hostLink, "type", "veth", "peer", "name", peer);
        run("ip", "link", "set", peer, "netns", netns);
        run("ip", "addr", "add", net + (fourth + 1) + "/30", "dev", hostLink);
        run("ip", "link", "set", hostLink, "up");
        run("ip", "netns", "exec", netns, "ip", "addr", "add", address + "/30", "dev", peer);
        run("ip", "netns", "exec", netns, "ip", "link", "set", peer, "up");
        run("ip", "netns", "exec", netns, "ip", "link", "set", "lo", "up");
        daemon = new ProcessBuilder("ip", "netns", "exec", netns, "git", "daemon", "--reuseaddr", "--export-all",
                "--base-path=" + root, "--listen=" + address, "--port=9418", root.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    static synchronized OutsideGitServer shared() {
        if (shared == null) {
            try {
                shared = new OutsideGitServer();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
        }
        return shared;
    }

    /** A new repository holding {@code bin/<name>} scripts on {@code main}; its git:// URL, once served. */
    String publish(java.util.Map<String, String> scripts) throws Exception {
        Path bare = GitRepos.bare(root, scripts);
        String url = "git://" + address + "/" + bare.getFileName();
        for (int i = 0; i < 100; i++) {
            Process probe = new ProcessBuilder("ip", "netns", "exec", netns, "git", "ls-remote", url)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (probe.waitFor(10, TimeUnit.SECONDS) && probe.exitValue() == 0) {
                return url;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("git daemon never served " + url);
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
    }

    @Override
    public void close() {
        daemon.descendants().forEach(ProcessHandle::destroyForcibly);
        daemon.destroyForcibly();
        try {
            run("ip", "link", "del", hostLink);
        } catch (IOException | InterruptedException ignored) {
            // gone with the namespace
        }
        try {
            run("ip", "netns", "del", netns);
            dev.slipway.builder.domain.FileTrees.delete(root);
        } catch (IOException | InterruptedException ignored) {
            // a later run's names are random; the OS cleans the temp dir
        }
    }
}
