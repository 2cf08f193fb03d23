package dev.slipway.kit.sandbox;

import java.util.ArrayList;
import java.util.List;

/**
 * The sandbox's first process (pid 1 of its PID namespace): a bash that runs the command as its
 * child, passes TERM, INT and HUP on, reaps orphans, and exits with the command's status.
 * Without it the command itself would be pid 1, which the kernel shields from every signal it
 * has no handler for: a Node server would ignore SIGTERM and only die at the SIGKILL.
 */
final class SandboxInit {
    static final String SCRIPT = """
            for s in TERM INT HUP; do trap "kill -$s \\"\\$child\\" 2>/dev/null" $s; done
            "$@" &
            child=$!
            while :; do
              wait "$child"; status=$?
              kill -0 "$child" 2>/dev/null || exit "$status"
            done
            """;

    private SandboxInit() {}

    static List<String> wrap(List<String> args) {
        List<String> wrapped = new ArrayList<>(List.of("/bin/bash", "-c", SCRIPT, "sandbox-init"));
        wrapped.addAll(args);
        return wrapped;
    }
}
