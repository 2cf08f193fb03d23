package dev.slipway.e2e;

import dev.slipway.devstack.OutsideHost;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * A user's own classic buildpack in a git repository, served by the real {@code git daemon} on a
 * host outside the platform ({@link OutsideHost}: a network namespace of the test's), so that
 * the builder's sandbox clones it by URL as it would from GitHub. A daemon on this host's own
 * loopback would be out of the sandbox's reach, as every host port is.
 */
final class CustomBuildpack implements AutoCloseable {
    static final String MARKER = "custom buildpack compiling";

    private final OutsideHost host;
    private final String url;

    private CustomBuildpack(OutsideHost host, String url) {
        this.host = host;
        this.url = url;
    }

    static CustomBuildpack serve(Path root) throws IOException {
        return serve(root, "echo built-by-custom > \"$1/custom-marker.txt\"");
    }

    /** A buildpack whose bin/compile prints {@link #MARKER} and then runs {@code compile} (bash). */
    static CustomBuildpack serve(Path root, String compile) throws IOException {
        Path repo = Files.createDirectories(root.resolve("custom-buildpack"));
        Shell.ok(repo, "git", "init", "-q", "-b", "main");
        script(repo, "bin/detect", "echo Custom");
        script(repo, "bin/compile", "echo '-----> " + MARKER + "'\n" + compile);
        script(repo, "bin/release", "echo '--- {}'");
        Shell.ok(repo, "git", "add", "-A");
        Shell.ok(repo, "git", "-c", "user.email=bp@slipway.local", "-c", "user.name=bp", "commit", "-q", "-m", "buildpack");
        OutsideHost host = OutsideHost.create();
        try {
            host.start(List.of("git", "daemon", "--export-all", "--reuseaddr", "--listen=" + host.address(),
                    "--port=9418", "--base-path=" + root, root.toString()), root.resolve("git-daemon.log"));
            CustomBuildpack buildpack = new CustomBuildpack(host, "git://" + host.address() + "/custom-buildpack");
            buildpack.awaitServing(root);
            return buildpack;
        } catch (IOException | RuntimeException e) {
            host.close();
            throw e;
        }
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
    public void close() {
        host.close();
    }
}
