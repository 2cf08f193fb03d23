package dev.slipway.builder;

import dev.slipway.devstack.OutsideHost;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A git server "on the internet" for sandboxed build steps, which never reach the host: the real
 * {@code git daemon} on devstack's {@link OutsideHost} (a network namespace of its own). A
 * sandbox reaches it the way it reaches GitHub: through its NAT, routed by the host. Needs root;
 * cleaned up at exit.
 */
final class OutsideGitServer implements AutoCloseable {
    private static OutsideGitServer shared;

    private final OutsideHost host;
    private final Path root;

    private OutsideGitServer() throws IOException {
        root = Files.createTempDirectory("outside-git");
        host = OutsideHost.create();
        host.start(List.of("git", "daemon", "--reuseaddr", "--export-all", "--base-path=" + root,
                "--listen=" + host.address(), "--port=9418", root.toString()), root.resolve("git-daemon.log"));
    }

    static synchronized OutsideGitServer shared() {
        if (shared == null) {
            try {
                shared = new OutsideGitServer();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
        }
        return shared;
    }

    /** A new repository holding {@code bin/<name>} scripts on {@code main}; its git:// URL, once served. */
    String publish(Map<String, String> scripts) throws Exception {
        Path bare = GitRepos.bare(root, scripts);
        String url = "git://" + host.address() + "/" + bare.getFileName();
        for (int i = 0; i < 100; i++) {
            Process probe = new ProcessBuilder("git", "ls-remote", url)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (probe.waitFor(10, TimeUnit.SECONDS) && probe.exitValue() == 0) {
                return url;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("git daemon never served " + url);
    }

    @Override
    public void close() {
        host.close();
        try {
            dev.slipway.builder.domain.FileTrees.delete(root);
        } catch (IOException e) {
            // the OS cleans the temp dir
        }
    }
}
