package dev.slipway.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The network namespace the tenant-data PostgreSQL runs in: its own loopback and one veth to the
 * host ({@code slt<hash>} on the host, a /30 from 10.214.0.0/16 picked by the platform home's hash).
 * Dynos reach it the way they reach the outside (forwarded from their {@code slw*} veth, not to a
 * host address), so the sandboxes' rules need no hole, and nothing of the platform lives in it: the
 * platform's PostgreSQL, broker and services stay on the host's loopback, out of every dyno's reach.
 * Linux and root only (the same as dynos' sandboxes); elsewhere the cluster listens on loopback.
 */
final class TenantNetwork {
    /** Port inside the namespace: it is the cluster's alone, so PostgreSQL's usual one. */
    static final int PORT = 5432;
    private static final Duration LIMIT = Duration.ofSeconds(30);
    private static final String IP = "/usr/sbin/ip";

    private final String netns;
    private final String hostInterface;
    private final String hostAddress;
    private final String clusterAddress;

    private TenantNetwork(String netns, String hostInterface, String hostAddress, String clusterAddress) {
        this.netns = netns;
        this.hostInterface = hostInterface;
        this.hostAddress = hostAddress;
        this.clusterAddress = clusterAddress;
    }

    /** Whether this machine can make one: root, with iproute2. */
    static boolean available() {
        return "root".equals(System.getProperty("user.name")) && java.nio.file.Files.isExecutable(Path.of(IP));
    }

    /**
     * Makes the namespace for this home, first removing one a previous run left; the /30 is the
     * first from the home's hash on whose addresses no interface of the host sits.
     */
    static TenantNetwork create(Path home, Path log) {
        String hash = sha256(home.toAbsolutePath().toString()).substring(0, 8);
        String netns = "slipway-tenant-" + hash;
        String hostInterface = "slt" + hash;
        run(log, true, IP, "netns", "del", netns);
        run(log, true, IP, "link", "del", hostInterface);
        String inUse = output(IP, "-o", "-4", "addr", "show");
        int slot = Integer.parseInt(hash.substring(0, 4), 16) % 16384;
        String host;
        String cluster;
        do {
            int base = slot * 4;
            host = "10.214." + (base / 256) + "." + (base % 256 + 1);
            cluster = "10.214." + (base / 256) + "." + (base % 256 + 2);
            slot = (slot + 1) % 16384;
        } while (inUse.contains(" " + host + "/") || inUse.contains(" " + cluster + "/"));
        run(log, false, IP, "netns", "add", netns);
        run(log, false, IP, "link", "add", hostInterface, "type", "veth", "peer", "name", "eth0", "netns", netns);
        run(log, false, IP, "addr", "add", host + "/30", "dev", hostInterface);
        run(log, false, IP, "link", "set", hostInterface, "up");
        run(log, false, IP, "-n", netns, "link", "set", "lo", "up");
        run(log, false, IP, "-n", netns, "addr", "add", cluster + "/30", "dev", "eth0");
        run(log, false, IP, "-n", netns, "link", "set", "eth0", "up");
        run(log, false, IP, "-n", netns, "route", "add", "default", "via", host);
        return new TenantNetwork(netns, hostInterface, host, cluster);
    }

    /** The address the cluster listens on, from the host and from dynos alike. */
    String clusterAddress() {
        return clusterAddress;
    }

    /** The host's end of the veth: where the host's connections (and, masqueraded, dynos') come from. */
    String hostAddress() {
        return hostAddress;
    }

    /** {@code command} run inside the namespace. */
    List<String> inside(List<String> command) {
        List<String> wrapped = new ArrayList<>(List.of(IP, "netns", "exec", netns));
        wrapped.addAll(command);
        return wrapped;
    }

    /** Removes the namespace (the veth pair goes with it). */
    void delete(Path log) {
        run(log, true, IP, "netns", "del", netns);
        run(log, true, IP, "link", "del", hostInterface);
    }

    @Override
    public String toString() {
        return netns + " (" + clusterAddress + " via " + hostInterface + " " + hostAddress + ")";
    }

    private static void run(Path log, boolean mayFail, String... command) {
        try {
            Processes.run(List.of(command), log, LIMIT);
        } catch (IllegalStateException e) {
            if (!mayFail) {
                throw e;
            }
        }
    }

    private static String output(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor();
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
