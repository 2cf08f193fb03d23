package dev.slipway.kit.sandbox;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.NetworkInterface;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Hands out /30 networks from a subnet, one per sandbox: the host end of the veth is the first
 * address, the sandbox the second. A slot is claimed by a file under {@code /run/slipway/net}
 * holding its owner's sandbox id, written under a file lock (several platforms and test JVMs share
 * the host) together with the owner's network namespace; a slot whose namespace is gone (its
 * owner crashed before cleaning up) is free again, and a slot whose addresses an interface of the
 * host already has (another tool's) is skipped. {@code /run} is a tmpfs: a reboot frees all.
 *
 * <p>Slots are handed out in turn from a shared cursor ({@code .next}), not lowest first: a slot
 * just given back is the last to be taken again. A router that has not yet heard that a dyno
 * stopped may still send it a request; had its address gone at once to another app's new dyno,
 * that request would reach the other tenant.
 */
final class AddressPool {
    /** Private, and clear of Docker's 172.17/16 and the usual 192.168 LANs. */
    static final String DEFAULT_SUBNET = "10.213.0.0/16";
    private static final ReentrantLock IN_PROCESS = new ReentrantLock();
    static final Path NETNS_DIR = Path.of("/var/run/netns");
    private static final String CURSOR = ".next";

    private final String cidr;
    private final int base;
    private final int slots;
    private final Path dir;
    private final String interfacePrefix;

    /** A claimed slot. */
    record Slot(int index, String hostAddress, String sandboxAddress, String hostInterface) {}

    /** An action run while the slot is claimed and the lock held (creating the owner's netns). */
    interface UnderLock {
        void run(Slot slot) throws IOException;
    }

    AddressPool(String cidr, Path stateRoot) {
        String[] parts = cidr.trim().split("/");
        if (parts.length != 2) {
            throw new IllegalArgumentException("subnet must be a.b.c.d/n: " + cidr);
        }
        int prefix = Integer.parseInt(parts[1]);
        if (prefix < 12 || prefix > 28) {
            throw new IllegalArgumentException("subnet prefix must be between /12 and /28: " + cidr);
        }
        int address = parseIpv4(parts[0]);
        int mask = -1 << (32 - prefix);
        this.base = address & mask;
        this.cidr = format(base) + "/" + prefix;
        this.slots = 1 << (32 - prefix - 2);
        this.dir = stateRoot.resolve(this.cidr.replace('/', '_'));
        // two pools (two subnets) on one host never share interface names
        this.interfacePrefix = NetworkRules.INTERFACE_PREFIX
                + String.format(Locale.ROOT, "%04x", this.cidr.hashCode() & 0xffff);
    }

    String cidr() {
        return cidr;
    }

    /** Claims a free slot for the owner and runs the action before letting go of the lock. */
    Slot claim(String owner, UnderLock action) throws IOException {
        Files.createDirectories(dir);
        IN_PROCESS.lock();
        try (FileChannel lockFile = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock ignored = lockFile.lock()) {
            Set<String> onHost = hostAddresses();
            int start = cursor();
            for (int n = 0; n < slots; n++) {
                int i = (start + n) % slots;
                Path file = dir.resolve(Integer.toString(i));
                if (Files.exists(file) && !stale(file)) {
                    continue;
                }
                if (onHost.contains(slot(i).hostAddress()) || onHost.contains(slot(i).sandboxAddress())) {
                    // someone else's interface (another tool, an operator's test) holds it
                    continue;
                }
                Slot slot = slot(i);
                Files.writeString(file, owner, StandardCharsets.UTF_8);
                try {
                    action.run(slot);
                } catch (IOException | RuntimeException e) {
                    Files.deleteIfExists(file);
                    throw e;
                }
                Files.writeString(dir.resolve(CURSOR), Integer.toString((i + 1) % slots), StandardCharsets.UTF_8);
                return slot;
            }
            throw new IOException("no free sandbox address left in " + cidr + " (" + slots + " sandboxes)");
        } finally {
            IN_PROCESS.unlock();
        }
    }

    /** Where the next search for a free slot starts (under the lock). */
    private int cursor() {
        String text = owner(dir.resolve(CURSOR));
        try {
            int next = Integer.parseInt(text);
            return next >= 0 && next < slots ? next : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Gives a slot back. */
    void release(int index) throws IOException {
        Files.deleteIfExists(dir.resolve(Integer.toString(index)));
    }

    /** The slots whose owner's id starts with the prefix (a crashed platform's, at its restart). */
    java.util.List<Slot> ownedBy(String prefix) throws IOException {
        java.util.List<Slot> found = new java.util.ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return found;
        }
        try (var files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String name = f.getFileName().toString();
                if (name.chars().allMatch(Character::isDigit) && owner(f).startsWith(prefix)) {
                    found.add(slot(Integer.parseInt(name)));
                }
            }
        }
        return found;
    }

    Slot slot(int index) {
        int network = base + 4 * index;
        return new Slot(index, format(network + 1), format(network + 2),
                interfacePrefix + Integer.toHexString(index));
    }

    /** The IPv4 addresses the host's interfaces have now. */
    private static Set<String> hostAddresses() throws IOException {
        Set<String> found = new HashSet<>();
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            nic.inetAddresses().filter(a -> a instanceof Inet4Address).forEach(a -> found.add(a.getHostAddress()));
        }
        return found;
    }

    private static boolean stale(Path file) {
        String owner = owner(file);
        return owner.isEmpty() || !Files.exists(NETNS_DIR.resolve(owner));
    }

    private static String owner(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return "";
        }
    }

    private static int parseIpv4(String text) {
        String[] octets = text.split("\\.");
        if (octets.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: " + text);
        }
        int value = 0;
        for (String o : octets) {
            int octet = Integer.parseInt(o);
            if (octet < 0 || octet > 255) {
                throw new IllegalArgumentException("not an IPv4 address: " + text);
            }
            value = (value << 8) | octet;
        }
        return value;
    }

    private static String format(int address) {
        return ((address >>> 24) & 255) + "." + ((address >>> 16) & 255) + "." + ((address >>> 8) & 255) + "."
                + (address & 255);
    }
}
