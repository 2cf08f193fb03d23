package dev.slipway.devstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A host outside the platform, for tests: a network namespace of its own, joined to this host by
 * a veth pair, where a test runs a server (a git daemon holding a custom buildpack, say). Dynos
 * and builds reach it the way they reach the internet (routed and masqueraded), while nothing
 * on this host's own addresses is open to them. Addresses come from 198.18.0.0/15, the range set
 * aside for test networks (RFC 2544), one random /30 per host. Needs root and {@code ip}.
 */
public final class OutsideHost implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String name;
    private final String address;
    private final List<Process> processes = new ArrayList<>();

    private OutsideHost(String name, String address) {
        this.name = name;
        this.address = address;
    }

    /** Makes the namespace, its link to this host and its default route. */
    public static OutsideHost create() throws IOException {
        String id = HexFormat.of().formatHex(RANDOM.generateSeed(3));
        int block = RANDOM.nextInt(2 * 256 * 64);
        String net = "198." + (18 + block / (256 * 64)) + "." + (block / 64 % 256) + ".";
        int base = block % 64 * 4;
        String name = "outside-" + id;
        String veth = "oh" + id;
        String hostSide = net + (base + 1);
        String outside = net + (base + 2);
        ip("netns", "add", name);
        OutsideHost host = new OutsideHost(name, outside);
        try {
            ip("link", "add", veth, "type", "veth", "peer", "name", "eth0", "netns", name);
            ip("addr", "add", hostSide + "/30", "dev", veth);
            ip("link", "set", veth, "up");
            ip("-n", name, "addr", "add", outside + "/30", "dev", "eth0");
            ip("-n", name, "link", "set", "eth0", "up");
            ip("-n", name, "link", "set", "lo", "up");
            ip("-n", name, "route", "add", "default", "via", hostSide);
        } catch (IOException | RuntimeException e) {
            host.close();
            throw e;
        }
        return host;
    }

    /** The outside host's address, as a dyno or a build would dial it. */
    public String address() {
        return address;
    }

    /** Starts a command inside the namespace; it is killed when this host closes. */
    public Process start(List<String> command, Path log) throws IOException {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", name));
        full.addAll(command);
        Process process = new ProcessBuilder(full).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        processes.add(process);
        return process;
    }

    @Override
    public void close() {
        for (Process p : processes) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        try {
            // deleting the namespace takes its end of the veth, and so the pair
            ip("netns", "delete", name);
        } catch (IOException | RuntimeException e) {
            System.err.println("could not delete network namespace " + name + ": " + e.getMessage());
        }
    }

    private static void ip(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("ip"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(Duration.ofSeconds(10).toMillis(), TimeUnit.MILLISECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + " failed: " + output.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", command), e);
        }
    }
}
