package dev.slipway.dyno.domain;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CompletableFuture;

/**
 * Where dynos run. The sandboxed runtime ({@code dev.slipway.dyno.runtime}) runs them in runc
 * sandboxes on this host; a runtime on a cluster scheduler can implement the same contract later,
 * and the supervisor will not notice.
 */
public interface DynoRuntime {

    /** Fetches the slug, prepares the dyno's filesystem and starts its process. Blocking. */
    Handle launch(DynoSpec spec) throws IOException;

    /** Kills what a previous run of the platform left behind, given a dyno row of that run. */
    void reap(Dyno stale);

    /** Removes what earlier runs left on disk; called once at startup, before any launch. */
    void clearWorkspace();

    /** What the operator must read at start (dynos unsandboxed, or not starting at all); empty when all is well. */
    default java.util.Optional<String> startupWarning() {
        return java.util.Optional.empty();
    }

    /** One running dyno process. */
    interface Handle {
        long pid();

        String host();

        int port();

        /** The dyno's stdout and stderr, merged; ends when every process holding it has exited. */
        InputStream output();

        /** Completes with the exit status (128 + signal when killed by a signal). */
        CompletableFuture<Integer> exited();

        /** True once something accepts TCP connections on the dyno's port. */
        boolean accepting();

        /** SIGTERM to every process of the dyno. */
        void terminate();

        /** SIGKILL to every process of the dyno. */
        void kill();

        /** Memory the dyno's processes use now (its cgroup's usage), in bytes; -1 when unknown. */
        default long memoryBytes() {
            return -1;
        }

        /** CPU time the dyno's processes used so far (its cgroup's), in microseconds; -1 when unknown. */
        default long cpuMicros() {
            return -1;
        }

        /** How many times the kernel killed a process of the dyno for reaching its memory limit. */
        default long oomKills() {
            return 0;
        }

        /** The dyno's filesystem is ephemeral: gone once the process is. */
        void discard();
    }
}
