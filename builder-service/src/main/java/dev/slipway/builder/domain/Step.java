package dev.slipway.builder.domain;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One build step (a buildpack script or a git command) in the sandbox's terms: its argv,
 * environment and working directory name paths as the step sees them ({@code /app},
 * {@code /cache}, ...), and {@code mounts} say which host directory each of those is.
 *
 * @param network    whether the step may reach the outside (git fetches and compiles do; detect
 *                   and release do not need to)
 * @param quietErrors stderr is dropped (for steps whose stdout is parsed)
 */
record Step(String name, int uid, List<String> args, Map<String, String> env, String cwd, List<Mount> mounts,
            boolean network, boolean quietErrors) {
    Step {
        args = List.copyOf(args);
        env = Map.copyOf(env);
        mounts = List.copyOf(mounts);
    }

    /** A host directory shown at {@code inside}; read-only unless {@code writable}. */
    record Mount(Path host, String inside, boolean writable) {}
}
