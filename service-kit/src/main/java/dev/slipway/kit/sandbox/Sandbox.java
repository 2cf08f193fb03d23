package dev.slipway.kit.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One running sandbox: its merged output, its exit, its signals, its memory figures, and its
 * removal. {@link #close()} must follow the exit (and is safe to call more than once).
 */
public final class Sandbox implements AutoCloseable {
    private final String id;
    private final Process runc;
    private final SandboxNetwork.Lease lease;
    private final Path bundle;
    private final Sandboxes owner;
    private final CompletableFuture<Integer> exited;
    private final AtomicBoolean closed = new AtomicBoolean();

    Sandbox(String id, Process runc, SandboxNetwork.Lease lease, Path bundle, Sandboxes owner) {
        this.id = id;
        this.runc = runc;
        this.lease = lease;
        this.bundle = bundle;
        this.owner = owner;
        this.exited = runc.onExit().thenApply(Process::exitValue);
    }

    public String id() {
        return id;
    }

    /** The pid of the {@code runc run} process that holds the sandbox (our child). */
    public long pid() {
        return runc.pid();
    }

    /** The sandbox's own IPv4 address, which the host reaches it at; null without a network. */
    public String address() {
        return lease == null || lease.slot() == null ? null : lease.slot().sandboxAddress();
    }

    /** The sandbox's stdout and stderr, merged; ends when every process holding them has exited. */
    public InputStream output() {
        return runc.getInputStream();
    }

    /** Completes with the first process's exit status: its code, or 128 + the signal that killed it. */
    public CompletableFuture<Integer> exited() {
        return exited;
    }

    /**
     * Sends the signal ({@code TERM}, {@code KILL}, ...) to every process of the sandbox. Before
     * runc has made the container, the signal goes to runc, which passes it on (or, for KILL,
     * dies, and {@link #close()} removes what it started).
     */
    public void signal(String signal) {
        if (exited.isDone()) {
            return;
        }
        try {
            if (!owner.runc().killAll(id, signal)) {
                if ("KILL".equals(signal)) {
                    runc.destroyForcibly();
                } else {
                    runc.destroy();
                }
            }
        } catch (IOException e) {
            runc.destroyForcibly();
        }
    }

    /** Bytes of memory the sandbox uses now, as its cgroup counts them; -1 once it is gone. */
    public long memoryBytes() {
        return Cgroups.memoryUsage(id);
    }

    /** CPU time the sandbox's processes used so far, in microseconds; -1 once it is gone. */
    public long cpuMicros() {
        return Cgroups.cpuUsageMicros(id);
    }

    /** The highest memory use so far; -1 when unknown. */
    public long memoryPeakBytes() {
        return Cgroups.memoryPeak(id);
    }

    /** Processes the kernel killed for reaching the memory limit so far. */
    public long oomKills() {
        return Cgroups.oomKills(id);
    }

    /** Kills whatever is left and removes the container, its cgroups, its network and its bundle. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            owner.remove(id, lease, bundle);
            runc.destroyForcibly();
        }
    }
}
