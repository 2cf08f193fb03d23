package dev.slipway.kit.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * A sandbox's network: a namespace named after the sandbox, a veth pair (host end {@code slw...},
 * the other end the sandbox's {@code eth0}), a /30 from the {@link AddressPool} with the host end
 * as the default gateway. The walls are in {@link NetworkRules}; IPv6 is off on the host end, so
 * the sandbox has no link-local path to the host either.
 */
final class SandboxNetwork {
    private final String ip;
    private final AddressPool pool;

    /** A sandbox's network, for as long as it lives. */
    record Lease(String netns, AddressPool.Slot slot) {
        String netnsPath() {
            return AddressPool.NETNS_DIR.resolve(netns).toString();
        }
    }

    SandboxNetwork(String ip, AddressPool pool) {
        this.ip = ip;
        this.pool = pool;
    }

    Lease create(String sandboxId) throws IOException {
        AddressPool.Slot slot = pool.claim(sandboxId, s -> {
            // a slot freed by a crash may still have its host interface
            Commands.run(ip, "link", "del", s.hostInterface());
            Commands.check(ip, "netns", "add", sandboxId);
        });
        Lease lease = new Lease(sandboxId, slot);
        try {
            String host = slot.hostInterface();
            Commands.check(List.of(ip, "-batch", "-"), String.join("\n",
                    "link add " + host + " type veth peer name eth0 netns " + sandboxId,
                    "addr add " + slot.hostAddress() + "/30 dev " + host,
                    "link set " + host + " up", ""));
            SysctlFiles.writeIfPresent("/proc/sys/net/ipv6/conf/" + host + "/disable_ipv6", "1");
            Commands.check(List.of(ip, "-n", sandboxId, "-batch", "-"), String.join("\n",
                    "link set lo up",
                    "addr add " + slot.sandboxAddress() + "/30 dev eth0",
                    "link set eth0 up",
                    "route add default via " + slot.hostAddress(), ""));
            return lease;
        } catch (IOException | RuntimeException e) {
            destroy(lease);
            throw e;
        }
    }

    /** Removes the namespace (which takes the veth pair with it) and gives the address back. */
    void destroy(Lease lease) {
        try {
            Commands.run(ip, "netns", "del", lease.netns());
            if (lease.slot() != null) {
                Commands.run(ip, "link", "del", lease.slot().hostInterface());
                pool.release(lease.slot().index());
            }
        } catch (IOException e) {
            // the next reap with this prefix removes what is left
        }
    }

    /** Everything a previous run left whose sandbox id starts with the prefix. */
    void reap(String prefix) throws IOException {
        if (Files.isDirectory(AddressPool.NETNS_DIR)) {
            try (Stream<Path> names = Files.list(AddressPool.NETNS_DIR)) {
                for (Path ns : names.toList()) {
                    if (ns.getFileName().toString().startsWith(prefix)) {
                        Commands.run(ip, "netns", "del", ns.getFileName().toString());
                    }
                }
            }
        }
        for (AddressPool.Slot slot : pool.ownedBy(prefix)) {
            Commands.run(ip, "link", "del", slot.hostInterface());
            pool.release(slot.index());
        }
    }
}
