/**
 * Sandboxes for tenant code (dynos, build steps): runc (Debian's, 1.1) from a generated OCI
 * bundle, on cgroup v1 or v2.
 *
 * <p>Use: {@link dev.slipway.kit.sandbox.Sandboxes#unavailable()} at start (a reason for the
 * operator, or empty); {@link dev.slipway.kit.sandbox.Sandboxes#open} once per service with an id
 * prefix of its own; {@link dev.slipway.kit.sandbox.Sandboxes#reap()} before the first start (what
 * a crashed run left); then {@link dev.slipway.kit.sandbox.Sandboxes#start} per
 * {@link dev.slipway.kit.sandbox.SandboxSpec}, and {@link dev.slipway.kit.sandbox.Sandbox#close()}
 * after its exit.
 *
 * <p>A sandbox gets: PID, mount, UTS, IPC and network namespaces; the spec's uid and gid with no
 * capabilities, {@code no_new_privs} and a seccomp deny list (new user namespaces, mounts, keys,
 * BPF, ptrace, modules...); a read-only root that is an empty directory with the host's
 * {@code /usr} and {@code /etc} read-only, fresh {@code /proc}, {@code /dev}, read-only
 * {@code /sys}, a private {@code /tmp}, and the spec's binds; memory (no swap past it), pids and
 * CPU-shares limits; with a network, an address of its own behind the {@code inet slipway}
 * nftables table (outbound NAT; never the host, nor another sandbox).
 */
package dev.slipway.kit.sandbox;
