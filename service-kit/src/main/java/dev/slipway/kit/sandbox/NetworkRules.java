package dev.slipway.kit.sandbox;

import java.io.IOException;
import java.util.List;

/**
 * The platform's one nftables table ({@code inet slipway}): the same for every platform and test
 * JVM on the host, since it matches sandboxes by their host-side interface name ({@code slw*}),
 * not by address; so writing it again is harmless, and the swap is one atomic nft transaction.
 * An {@code inet} table covers IPv6 too (link-local addresses on the veths).
 *
 * <ul>
 *   <li>input: from a sandbox, only replies to connections the host opened (the router reaching a
 *       dyno); nothing new reaches any host address, nor the host's end of its own veth;
 *   <li>forward: never from one sandbox to another;
 *   <li>postrouting: what leaves for the outside is masqueraded behind the host's address.
 * </ul>
 * The host's loopback is out of reach twice over: 127/8 from a non-loopback interface is a
 * martian the kernel drops, and the input chain drops it anyway.
 */
final class NetworkRules {
    static final String TABLE = "slipway";
    static final String INTERFACE_PREFIX = "slw";

    private static final String RULES = """
            table inet slipway
            delete table inet slipway
            table inet slipway {
              chain input {
                type filter hook input priority filter - 10; policy accept;
                iifname "slw*" ct state established,related accept
                iifname "slw*" drop
              }
              chain forward {
                type filter hook forward priority filter - 10; policy accept;
                iifname "slw*" oifname "slw*" drop
                iifname "slw*" ct state invalid drop
              }
              chain postrouting {
                type nat hook postrouting priority srcnat; policy accept;
                iifname "slw*" oifname != "slw*" masquerade
              }
            }
            """;

    private NetworkRules() {}

    /** Writes the table (atomically) and turns IPv4 forwarding on, which the NAT needs. */
    static void install(String nft) throws IOException {
        Commands.check(List.of(nft, "-f", "-"), RULES);
        SysctlFiles.write("/proc/sys/net/ipv4/ip_forward", "1");
    }

    /** The rules as nft shows them, for a test or an operator. */
    static String show(String nft) throws IOException {
        return Commands.check(nft, "list", "table", "inet", TABLE);
    }
}
