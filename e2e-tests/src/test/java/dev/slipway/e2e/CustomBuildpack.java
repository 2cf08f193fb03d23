package dev.slipway.e2e;

import dev.slipway.devstack.Ports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

/**
 * A user's own classic buildpack in a git repository, served on loopback by the real
 * {@code git daemon}, so that the builder clones it by URL as it would from GitHub.
 */
final class CustomBuildpack implements AutoCloseable {
    static final String MARKER = "custom buildpack compiling";

    private final Process daemon;
    private final String url;

    private CustomBuildpack(Process daemon, String url) {
        this.daemon = daemon;
        this.url = url;
    }

    static CustomBuildpack serve(Path root) throws IOException {
        Path repo = Files.createDirectories(root.resolve("custom-buildpack"));
        Shell.ok(repo, "git", "init", "-q", "-b", "main");
        script(repo, "bin/detect", "echo Custom");
        script(repo, "bin/compile", "echo '-----> " + MARKER + "'\necho built-by-custom > \"$1/custom-marker.txt\"");
        script(repo, "bin/release", "echo '--- {}'");
        Shell.ok(repo, "git", "add", "-A");
        Shell.ok(repo, "git", "-c", "user.email=bp@slipway.local", "-c", "user.name=bp", "commit", "-q", "-m", "buildpack");
        int port = Ports.free();
        Process daemon = new ProcessBuilder("git", "daemon", "--export-all", "--reuseaddr", "--listen=127.0.0.1",
                "--port=" + port, "--base-path=" + root, root.toString())
                .redirectErrorStream(true).redirectOutput(root.resolve("git-daemon.log").toFile()).start();
        CustomBuildpack buildpack = new CustomBuildpack(daemon, "git://127.0.0.1:" + port + "/custom-buildpack");
        buildpack.awaitServing(root);
        return buildpack;
    }

    String url() {
        return url;
    }

    private void awaitServing(Path root) {
        for (int i = 0; i < 100; i++) {
            if (Shell.run(root, "git", "ls-remote", url).exitCode() == 0) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("git daemon never served " + url);
    }

    private static void script(Path repo, String name, String body) throws IOException {
        Path file = repo.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "#!/usr/bin/env bash\nset -e\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Override
    public void close() throws InterruptedException {
        daemon.destroy();
        if (!daemon.waitFor(5, TimeUnit.SECONDS)) {
            daemon.destroyForcibly();
        }
    }
}
