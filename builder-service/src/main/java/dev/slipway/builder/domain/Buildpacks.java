package dev.slipway.builder.domain;

import dev.slipway.builder.config.BuilderSettings;
import dev.slipway.builder.config.BuiltinBuildpacks;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Turns an app's buildpack list (names or git URLs) into directories holding bin/detect, compile, release. */
@ApplicationScoped
public class Buildpacks {
    private static final Duration GIT_TIMEOUT = Duration.ofMinutes(5);

    /** A buildpack ready to run; {@code cacheKey} names its CACHE_DIR under the app's cache. */
    public record Buildpack(String name, Path dir, String cacheKey) {}

    private final BuilderSettings settings;
    private final BuiltinBuildpacks builtins;

    Buildpacks(BuilderSettings settings, BuiltinBuildpacks builtins) {
        this.settings = settings;
        this.builtins = builtins;
    }

    public List<Buildpack> defaults() {
        return BuiltinBuildpacks.NAMES.stream().map(this::builtin).toList();
    }

    /** The app's configured buildpacks, cloning the git ones (into a per-URL cache) as needed. */
    public List<Buildpack> resolve(List<String> configured, Map<String, String> env, BuildOutput out)
            throws BuildFailure, InterruptedException {
        List<Buildpack> resolved = new ArrayList<>();
        for (String entry : configured) {
            String builtin = BuildpackAliases.builtin(entry).orElse(null);
            if (builtin != null) {
                resolved.add(new Buildpack(entry, builtins.dir(builtin), builtin));
            } else if (isGitUrl(entry)) {
                resolved.add(clone(entry, env, out));
            } else {
                throw new BuildFailure("Buildpack " + entry + " is not available here: use heroku/nodejs, "
                        + "heroku/procfile or a git URL");
            }
        }
        return resolved;
    }

    private Buildpack builtin(String name) {
        return new Buildpack("heroku/" + name, builtins.dir(name), name);
    }

    static boolean isGitUrl(String entry) {
        return entry.startsWith("https://") || entry.startsWith("http://") || entry.startsWith("git://")
                || entry.startsWith("ssh://") || entry.startsWith("file://") || entry.matches("^[\\w.-]+@[\\w.-]+:.+");
    }

    /** {@code url#ref} checks out the branch or tag {@code ref}, as Heroku allows. */
    private Buildpack clone(String entry, Map<String, String> env, BuildOutput out)
            throws BuildFailure, InterruptedException {
        int hash = entry.indexOf('#');
        String url = hash < 0 ? entry : entry.substring(0, hash);
        String ref = hash < 0 ? null : entry.substring(hash + 1);
        String key = sha256(entry).substring(0, 16);
        Path dir = settings.clonedBuildpacks().resolve(key);
        out.step("Fetching buildpack " + entry);
        try {
            Files.createDirectories(dir.getParent());
            if (Files.isDirectory(dir.resolve(".git"))) {
                refresh(dir, ref, env, out);
            } else {
                Path tmp = dir.resolveSibling(key + ".tmp-" + UUID.randomUUID());
                List<String> cmd = new ArrayList<>(List.of("git", "clone", "--quiet", "--depth", "1"));
                if (ref != null && !ref.isBlank()) {
                    cmd.addAll(List.of("--branch", ref));
                }
                cmd.addAll(List.of("--", url, tmp.toString()));
                ProcessRunner.Captured git = ProcessRunner.capture(cmd, dir.getParent(), env, GIT_TIMEOUT);
                if (git.exitCode() != 0) {
                    FileTrees.delete(tmp);
                    throw new BuildFailure("Failed to download the buildpack: " + entry);
                }
                Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException | ProcessRunner.TimedOut e) {
            throw new BuildFailure("Failed to download the buildpack: " + entry, e);
        }
        if (!Files.isRegularFile(dir.resolve("bin/detect")) || !Files.isRegularFile(dir.resolve("bin/compile"))) {
            throw new BuildFailure("Buildpack " + entry + " has no bin/detect and bin/compile");
        }
        String tail = url.replaceAll("\\.git$", "").replaceAll(".*[/:]", "").replaceAll("[^\\w.-]", "_");
        return new Buildpack(entry, dir, tail + "-" + key);
    }

    /** A failed refresh keeps the cached copy: a build should not fail because GitHub blinked. */
    private static void refresh(Path dir, String ref, Map<String, String> env, BuildOutput out)
            throws IOException, InterruptedException, ProcessRunner.TimedOut {
        String what = ref == null || ref.isBlank() ? "HEAD" : ref;
        ProcessRunner.Captured fetch = ProcessRunner.capture(
                List.of("git", "fetch", "--quiet", "--depth", "1", "origin", what), dir, env, GIT_TIMEOUT);
        if (fetch.exitCode() == 0) {
            ProcessRunner.capture(List.of("git", "reset", "--quiet", "--hard", "FETCH_HEAD"), dir, env, GIT_TIMEOUT);
        } else {
            out.warn("Could not update the buildpack; using the cached copy");
        }
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
