package dev.slipway.builder.domain;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Checks out a custom buildpack with git into one app's directory. The URL and ref were checked
 * by {@link BuildpackSource}; git is still told where its options end ({@code --end-of-options})
 * and which transports it may use ({@code GIT_ALLOW_PROTOCOL}, which also binds redirects and
 * submodules), and it reads no system or user configuration.
 */
@ApplicationScoped
public class BuildpackFetch {
    private static final Duration GIT_TIMEOUT = Duration.ofMinutes(5);
    private static final List<String> GIT_OPTIONS = List.of("-c", "core.hooksPath=/dev/null",
            "-c", "advice.detachedHead=false", "-c", "init.defaultBranch=main", "-c", "safe.directory=*");
    private static final String INIT = "git \"$@\" init --quiet . && ";
    private static final String FETCH = "git \"$@\" fetch --quiet --no-tags --depth 1 --end-of-options "
            + "\"$BUILDPACK_URL\" \"$BUILDPACK_REF\" && git \"$@\" reset --quiet --hard FETCH_HEAD "
            + "&& git \"$@\" clean --quiet -ffdx";

    /**
     * A fresh checkout goes into a temporary directory moved into place only once complete; an
     * existing one is refreshed, and a failed refresh keeps it (a build should not fail because
     * GitHub blinked). git runs as a build step: in the app's sandbox, over its checkouts only.
     */
    void checkout(String entry, BuildpackSource source, Path dir, BuildWorkspace ws, BuildOutput out)
            throws BuildFailure, InterruptedException {
        Path checkouts = dir.getParent();
        try {
            Files.createDirectories(checkouts);
            ws.own(checkouts);
            if (Files.isDirectory(dir.resolve(".git"), LinkOption.NOFOLLOW_LINKS)) {
                if (!fetch(ws, checkouts, dir.getFileName().toString(), source, false)) {
                    out.warn("Could not update the buildpack; using the cached copy");
                }
                return;
            }
            Path tmp = Files.createDirectory(dir.resolveSibling(dir.getFileName() + ".tmp-" + UUID.randomUUID()));
            try {
                ws.own(tmp);
                if (!fetch(ws, checkouts, tmp.getFileName().toString(), source, true)) {
                    throw new BuildFailure("Failed to download the buildpack: " + entry);
                }
                Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                FileTrees.delete(tmp);
            }
        } catch (IOException | ProcessRunner.TimedOut | ProcessRunner.TooMuchOutput e) {
            throw new BuildFailure("Failed to download the buildpack: " + entry, e);
        }
    }

    /**
     * Fetches the ref (depth 1) and makes the work tree exactly that commit, in one step (one
     * sandbox); false if git failed. The URL and ref travel as environment variables, never
     * through a shell's parsing, and reach git after {@code --end-of-options}.
     */
    private static boolean fetch(BuildWorkspace ws, Path checkouts, String dir, BuildpackSource source, boolean init)
            throws IOException, InterruptedException, ProcessRunner.TimedOut, ProcessRunner.TooMuchOutput {
        List<String> command = new ArrayList<>(List.of("/bin/sh", "-c", (init ? INIT : "") + FETCH, "git"));
        command.addAll(GIT_OPTIONS);
        Map<String, String> env = gitEnv(ws.env());
        env.put("BUILDPACK_URL", source.url());
        env.put("BUILDPACK_REF", source.refOrHead());
        return ProcessRunner.capture(ws.launcher(), ws.git(checkouts, dir, env, command), GIT_TIMEOUT).exitCode() == 0;
    }

    static Map<String, String> gitEnv(Map<String, String> env) {
        Map<String, String> git = new HashMap<>(env);
        git.put("GIT_ALLOW_PROTOCOL", "https:http:git");
        git.put("GIT_CONFIG_NOSYSTEM", "1");
        git.put("GIT_CONFIG_GLOBAL", "/dev/null");
        git.put("GIT_TERMINAL_PROMPT", "0");
        return git;
    }
}
