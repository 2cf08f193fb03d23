package dev.slipway.kit.sandbox;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What to run in a sandbox and with which walls: the process (uid, argv, environment, working
 * directory), the host directories it sees and where, the size of its private {@code /tmp}, its
 * cgroup limits, and whether it gets a network of its own (with outbound NAT) or none at all.
 *
 * @param id        unique on the host; names the runc container, its cgroup and its netns. Must
 *                  start with the {@link Sandboxes}' prefix so that a reap finds it.
 * @param hostname  the sandbox's hostname (its UTS namespace)
 * @param network   true: a veth into a netns of its own, with an address from the pool;
 *                  false: a netns with only a loopback
 */
public record SandboxSpec(String id, String hostname, int uid, int gid, List<String> args, Map<String, String> env,
                          String cwd, List<Bind> binds, long tmpBytes, Limits limits, boolean network) {
    private static final Pattern ID = Pattern.compile("^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,99}$");
    private static final Pattern HOSTNAME = Pattern.compile("^[a-zA-Z0-9][a-zA-Z0-9.-]{0,62}$");

    public SandboxSpec {
        Objects.requireNonNull(args, "args");
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("sandbox id must match " + ID + ": " + id);
        }
        if (hostname == null || !HOSTNAME.matcher(hostname).matches()) {
            throw new IllegalArgumentException("hostname must match " + HOSTNAME + ": " + hostname);
        }
        if (uid <= 0 || gid <= 0) {
            // never root, never the platform's user id 0
            throw new IllegalArgumentException("a sandbox runs as an unprivileged uid and gid, not " + uid + ":" + gid);
        }
        if (args.isEmpty()) {
            throw new IllegalArgumentException("a sandbox needs a command");
        }
        if (cwd == null || !cwd.startsWith("/")) {
            throw new IllegalArgumentException("cwd must be absolute: " + cwd);
        }
        if (tmpBytes <= 0) {
            throw new IllegalArgumentException("the /tmp size must be positive");
        }
        Objects.requireNonNull(limits, "limits");
        args = List.copyOf(args);
        env = Map.copyOf(env);
        binds = List.copyOf(binds);
    }

    /** A host path shown inside the sandbox; read-only unless {@code writable}. */
    public record Bind(Path source, String destination, boolean writable) {
        public Bind {
            Objects.requireNonNull(source, "source");
            if (!source.isAbsolute()) {
                throw new IllegalArgumentException("bind source must be absolute: " + source);
            }
            if (destination == null || !destination.startsWith("/") || destination.contains("..")) {
                throw new IllegalArgumentException("bind destination must be an absolute path without '..': " + destination);
            }
        }

        public static Bind readOnly(Path source, String destination) {
            return new Bind(source, destination, false);
        }

        public static Bind writable(Path source, String destination) {
            return new Bind(source, destination, true);
        }
    }

    /**
     * The cgroup limits: the hard memory limit (the kernel's OOM killer acts at it; swap is not
     * allowed beyond it), processes and threads, and cgroup v1 cpu.shares (1024 = one share).
     */
    public record Limits(long memoryBytes, int pids, int cpuShares) {
        public Limits {
            if (memoryBytes < 4L * 1024 * 1024 || pids < 1 || cpuShares < 2) {
                throw new IllegalArgumentException("limits too small: memory " + memoryBytes + " B, pids " + pids
                        + ", cpu shares " + cpuShares);
            }
        }
    }
}
