package dev.slipway.builder.domain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One build's directories and how its steps see them. Inside a step: the build dir at
 * {@code /app} (where the slug runs, so paths baked at build time hold at run time), the
 * buildpack's CACHE_DIR at {@code /cache}, ENV_DIR at {@code /env} (read-only), the buildpack
 * at {@code /buildpack} (read-only, but writable for its own compile), what earlier buildpacks
 * exported at {@code /exports} (read-only), {@code HOME} at {@code /home/build}, and for a git fetch the
 * app's own checkouts at {@code /buildpacks}. In a sandbox every one of them belongs to the
 * app's uid and nothing else of the host is there.
 *
 * @param env the environment every step gets (never the service's own)
 */
record BuildWorkspace(StepLauncher launcher, boolean sandboxed, int uid, Path app, Path envDir, Path home,
                      Map<String, String> env) {
    static final String APP = "/app";
    static final String CACHE = "/cache";
    static final String ENV = "/env";
    static final String BUILDPACK = "/buildpack";
    static final String HOME = "/home/build";
    static final String CHECKOUTS = "/buildpacks";

    /** bin/detect or bin/release: reads the app, prints to stdout, needs no network. */
    Step inspect(String script, Path buildpack) {
        return new Step(script, uid, List.of(BUILDPACK + "/bin/" + script, APP), env, APP,
                List.of(new Step.Mount(app, APP, false), new Step.Mount(buildpack, BUILDPACK, false), homeMount()),
                false, true);
    }

    /**
     * A shell {@code script} run with the app and the given buildpack directories (under
     * {@code /buildpack}, where {@code packs} is mounted) as arguments, with the walls of
     * {@link #inspect}: for bin/detect of several buildpacks in one step.
     */
    Step inspectEach(String script, Path packs, List<String> buildpacks) {
        List<String> args = new ArrayList<>(List.of("/bin/bash", "-c", script, "detect", APP));
        args.addAll(buildpacks);
        return new Step("detect", uid, args, env, APP,
                List.of(new Step.Mount(app, APP, false), new Step.Mount(packs, BUILDPACK, false), homeMount()),
                false, true);
    }

    /**
     * bin/compile, with the buildpack's own directory writable (Heroku's multi-buildpack contract:
     * a buildpack may leave {@code $BP_DIR/export} for the ones after it). With {@code exports}
     * (the files earlier buildpacks left, copied by the builder), the compile runs under a shell
     * that sources each of them in order first, inside the sandbox: the builder never evaluates
     * them itself.
     */
    Step compile(Path buildpack, Path cache, Path exports) {
        List<String> compile = List.of(BUILDPACK + "/bin/compile", APP, CACHE, ENV);
        List<Step.Mount> mounts = new ArrayList<>(List.of(new Step.Mount(app, APP, true),
                new Step.Mount(cache, CACHE, true), new Step.Mount(envDir, ENV, false),
                new Step.Mount(buildpack, BUILDPACK, true), homeMount()));
        List<String> args = compile;
        if (exports != null) {
            mounts.add(new Step.Mount(exports, EXPORTS, false));
            args = new ArrayList<>(List.of("/bin/bash", "-c", SOURCE_EXPORTS, "compile", EXPORTS));
            args.addAll(compile);
        }
        return new Step("compile", uid, args, env, APP, mounts, true, false);
    }

    static final String EXPORTS = "/exports";
    /** $1: the exports dir; the rest: the compile command. */
    private static final String SOURCE_EXPORTS =
            "dir=\"$1\"; shift; for f in \"$dir\"/*; do if [ -f \"$f\" ]; then . \"$f\"; fi; done; exec \"$@\"";

    /** git (the whole command line), run in {@code /buildpacks/<dir>} over the app's checkouts, with the network. */
    Step git(Path checkouts, String dir, Map<String, String> gitEnv, List<String> command) {
        return new Step("git", uid, command, gitEnv, dir == null ? CHECKOUTS : CHECKOUTS + "/" + dir,
                List.of(new Step.Mount(checkouts, CHECKOUTS, true), homeMount()), true, true);
    }

    private Step.Mount homeMount() {
        return new Step.Mount(home, HOME, true);
    }

    /**
     * In a sandbox, hands {@code dir} (and all below it, links themselves and never their
     * targets) to the app's uid, so its steps may write there and nowhere else. A tree that
     * already belongs to it is left alone (a large cache is not walked on every build).
     */
    void own(Path dir) throws IOException {
        if (!sandboxed || (int) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS) == uid) {
            return;
        }
        try (Stream<Path> tree = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) tree::iterator) {
                Files.setAttribute(p, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(p, "unix:gid", uid, LinkOption.NOFOLLOW_LINKS);
            }
        }
    }

    /** ENV_DIR holds config vars (secrets): readable by the app's uid only. */
    void ownEnv() throws IOException {
        own(envDir);
        if (!sandboxed) {
            return;
        }
        try (Stream<Path> files = Files.list(envDir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("r--------"));
            }
        }
        Files.setPosixFilePermissions(envDir, PosixFilePermissions.fromString("r-x------"));
    }
}
