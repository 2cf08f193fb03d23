package dev.slipway.builder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

/** Real git repositories for the tests' buildpacks: committed on {@code main}, then cloned bare to be served. */
final class GitRepos {
    private GitRepos() {}

    /** A bare repository under {@code root} holding {@code bin/<name>} scripts. */
    static Path bare(Path root, Map<String, String> scripts) throws Exception {
        Path work = Files.createTempDirectory(root, "work");
        Files.createDirectories(work.resolve("bin"));
        for (Map.Entry<String, String> s : scripts.entrySet()) {
            Builds.script(work.resolve("bin").resolve(s.getKey()), s.getValue());
        }
        Builds.git(work, "init", "-q", "-b", "main");
        Builds.git(work, "add", ".");
        Builds.git(work, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "buildpack");
        Path bare = root.resolve("bp-" + UUID.randomUUID() + ".git");
        Builds.git(root, "clone", "-q", "--bare", work.toString(), bare.toString());
        return bare;
    }
}
