package dev.slipway.kit.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** What the host must offer before a sandbox can start, checked once at a service's start. */
final class HostChecks {
    private HostChecks() {}

    static boolean root() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    // real, effective, saved, fs: the effective one decides
                    return "0".equals(line.split("\\s+")[2]);
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    static Optional<String> kernelSupport(String ip, String nft) {
        if (!Files.isDirectory(Path.of("/sys/fs/cgroup/memory")) && !Files.exists(Path.of("/sys/fs/cgroup/cgroup.controllers"))) {
            return Optional.of("no memory cgroup is mounted under /sys/fs/cgroup");
        }
        if (!Files.isDirectory(Path.of("/proc/self/ns")) || !Files.exists(Path.of("/proc/self/ns/net"))) {
            return Optional.of("the kernel has no network namespaces");
        }
        try {
            Commands.Result nftables = Commands.run(nft, "list", "tables");
            if (!nftables.ok()) {
                return Optional.of("nft cannot use the kernel's nftables: " + nftables.output());
            }
            Commands.Result netns = Commands.run(ip, "netns", "list");
            if (!netns.ok()) {
                return Optional.of("ip cannot list network namespaces: " + netns.output());
            }
        } catch (IOException e) {
            return Optional.of("could not run ip or nft: " + e.getMessage());
        }
        return Optional.empty();
    }
}
