package dev.slipway.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A small shell process that stops what this JVM started if the JVM dies without doing so
 * (kill -9, a test fork killed on timeout). The services and PostgreSQL run in sessions of their
 * own and would otherwise live on, holding ports and memory; the broker needs no guard, it exits
 * when its stdin closes.
 *
 * <p>The guard blocks reading a pipe from this JVM. End of stream means the JVM is gone; it then
 * sends SIGTERM to every service JVM listed in {@code pidDir/*.pid} (checked against its command
 * line, so a reused pid is left alone), a fast-shutdown SIGINT to the postmaster of each
 * {@code postgresData}, and SIGKILL to the service JVMs still there 20 s later. After an orderly
 * stop the pid files are gone, so the guard finds nothing to do.
 */
final class OrphanGuard implements AutoCloseable {
    private static final String SCRIPT = """
            ours() { [ -f "$1" ] && grep -qa quarkus-run.jar "/proc/$(cat "$1")/cmdline" 2>/dev/null; }
            while read -r _; do :; done
            signalled=
            for f in "$1"/*.pid; do ours "$f" && kill -TERM "$(cat "$f")" 2>/dev/null && signalled=1; done
            pids=$1; shift
            for d in "$@"; do [ -f "$d/postmaster.pid" ] && kill -INT "$(head -n 1 "$d/postmaster.pid")" 2>/dev/null; done
            [ -n "$signalled" ] || exit 0
            sleep 20
            for f in "$pids"/*.pid; do ours "$f" && kill -KILL "$(cat "$f")" 2>/dev/null; done
            exit 0
            """;

    private final Process process;

    private OrphanGuard(Process process) {
        this.process = process;
    }

    /** @param postgresData the data directories of the PostgreSQL servers to stop (the platform's, the tenants') */
    static OrphanGuard watch(Path pidDir, Path... postgresData) {
        List<String> command = new ArrayList<>(List.of("/bin/sh", "-c", SCRIPT, "slipway-orphan-guard", pidDir.toString()));
        for (Path data : postgresData) {
            command.add(data.toString());
        }
        try {
            Process process = new ProcessBuilder(Processes.inOwnSession(command))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return new OrphanGuard(process);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the orphan guard", e);
        }
    }

    /** After an orderly stop: the guard wakes up, finds no pid files left, and exits. */
    @Override
    public void close() {
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // the guard is gone already
        }
    }
}
