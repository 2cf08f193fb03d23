package dev.slipway.kit.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Starts sandboxes with runc from generated OCI bundles, each in a cgroup of its own and (when
 * asked) a network namespace behind the platform's nftables walls; and removes what a crashed run
 * of the platform left, by the id prefix its sandboxes share. One instance per owner (a service),
 * with a prefix no other owner on the host uses.
 */
public final class Sandboxes {
    private static final Logger LOG = Logger.getLogger(Sandboxes.class);
    /** Host-wide state: runc's container states and the address pool's claims. */
    static final Path STATE = Path.of("/run/slipway");
    private static final String NETWORK_TOOLS = "ip and nft";

    private final Path bundles;
    private final String prefix;
    private final Runc runc;
    private final SandboxNetwork network;
    private final String subnet;

    private Sandboxes(Path bundles, String prefix, Runc runc, SandboxNetwork network, String subnet) {
        this.bundles = bundles;
        this.prefix = prefix;
        this.runc = runc;
        this.network = network;
        this.subnet = subnet;
    }

    /**
     * Ready to start sandboxes whose ids start with {@code prefix}, with their bundles under
     * {@code bundles} and their addresses from {@code subnet} (null: {@link #DEFAULT_SUBNET}).
     * Writes the platform's firewall table. Fails with {@link #unavailable()}'s reason.
     */
    public static Sandboxes open(Path bundles, String prefix, String subnet) throws IOException {
        Optional<String> why = unavailable();
        if (why.isPresent()) {
            throw new IOException("cannot sandbox: " + why.get());
        }
        if (prefix == null || !prefix.matches("^[a-z0-9][a-z0-9-]{1,30}$")) {
            throw new IllegalArgumentException("prefix must be 2-31 of [a-z0-9-]: " + prefix);
        }
        String ip = Commands.find("ip");
        AddressPool pool = new AddressPool(subnet == null ? DEFAULT_SUBNET : subnet, STATE.resolve("net"));
        NetworkRules.install(Commands.find("nft"));
        Files.createDirectories(bundles);
        return new Sandboxes(bundles.toAbsolutePath(), prefix, new Runc(Commands.find("runc"), STATE.resolve("runc")),
                new SandboxNetwork(ip, pool), pool.cidr());
    }

    public static final String DEFAULT_SUBNET = AddressPool.DEFAULT_SUBNET;

    /** {@link #open(Path, String, String)} with the default subnet. */
    public static Sandboxes open(Path bundles, String prefix) throws IOException {
        return open(bundles, prefix, null);
    }

    /**
     * Why sandboxes cannot work on this host (not root, no runc, no network namespaces or
     * nftables), in words for an operator; empty when they can.
     */
    public static Optional<String> unavailable() {
        if (!System.getProperty("os.name", "").toLowerCase().contains("linux")) {
            return Optional.of("sandboxes need Linux (namespaces and cgroups); this is " + System.getProperty("os.name"));
        }
        if (!HostChecks.root()) {
            return Optional.of("the platform is not running as root: runc needs root to make namespaces, "
                    + "cgroups and network interfaces");
        }
        if (Commands.find("runc") == null) {
            return Optional.of("runc is not installed (Debian: apt-get install runc)");
        }
        if (Commands.find("ip") == null || Commands.find("nft") == null) {
            return Optional.of(NETWORK_TOOLS + " are needed for the sandboxes' network (Debian: apt-get install "
                    + "iproute2 nftables)");
        }
        return HostChecks.kernelSupport(Commands.find("ip"), Commands.find("nft"));
    }

    /** The prefix every sandbox id of this owner starts with. */
    public String prefix() {
        return prefix;
    }

    /** The subnet sandbox addresses come from. */
    public String subnet() {
        return subnet;
    }

    /** Writes the bundle, sets up the network and starts the sandbox's first process. */
    public Sandbox start(SandboxSpec spec) throws IOException {
        if (!spec.id().startsWith(prefix)) {
            throw new IllegalArgumentException("sandbox id " + spec.id() + " does not start with " + prefix);
        }
        Path bundle = bundles.resolve(spec.id());
        if (Files.exists(bundle)) {
            // never cleaned up below: it is another sandbox's
            throw new IOException("a sandbox named " + spec.id() + " already exists");
        }
        SandboxNetwork.Lease lease = null;
        try {
            long t0 = System.nanoTime();
            lease = spec.network() ? network.create(spec.id()) : null;
            long t1 = System.nanoTime();
            OciBundle.write(bundle, spec, lease == null ? null : lease.netnsPath());
            long t2 = System.nanoTime();
            Sandbox sandbox = new Sandbox(spec.id(), runc.run(bundle, spec.id()), lease, bundle, this);
            LOG.debugf("sandbox %s: network %d ms, bundle %d ms, runc run %d ms", spec.id(), (t1 - t0) / 1_000_000,
                    (t2 - t1) / 1_000_000, (System.nanoTime() - t2) / 1_000_000);
            return sandbox;
        } catch (IOException | RuntimeException e) {
            remove(spec.id(), lease, bundle);
            throw e;
        }
    }

    /**
     * Removes every sandbox of this owner a previous run left (its processes killed), with its
     * cgroups, network and bundle. Called at start, before the first {@link #start}.
     */
    public void reap() throws IOException {
        for (String id : runc.list(prefix)) {
            runc.deleteForce(id);
        }
        Cgroups.directories(prefix).forEach(Cgroups::remove);
        network.reap(prefix);
        try (Stream<Path> left = Files.list(bundles)) {
            left.filter(b -> b.getFileName().toString().startsWith(prefix)).forEach(Sandboxes::deleteTree);
        }
    }

    Runc runc() {
        return runc;
    }

    void remove(String id, SandboxNetwork.Lease lease, Path bundle) {
        try {
            runc.deleteForce(id);
        } catch (IOException e) {
            // the cgroup removal below and the next reap cover it
        }
        Cgroups.directories(id).stream().filter(d -> d.getFileName().toString().equals(id)).forEach(Cgroups::remove);
        if (lease != null) {
            network.destroy(lease);
        }
        deleteTree(bundle);
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        // walk does not follow symlinks: the rootfs' links into /usr are removed, never followed
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | java.io.UncheckedIOException e) {
            // a later reap removes the rest
        }
    }
}
