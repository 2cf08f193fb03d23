package dev.slipway.devstack;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;

/**
 * The host's address as a dyno sees it: a dyno's network namespace reaches the host through its
 * veth, and the host's loopback is out of its reach, so the tenant-data cluster's DATABASE_URL
 * names the host's first IPv4 address on an interface that is up, neither loopback nor a
 * sandbox's {@code slw*} veth.
 */
final class HostAddress {
    private HostAddress() {}

    static String forDynos() {
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback() || nic.getName().startsWith("slw")) {
                    continue;
                }
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (address instanceof Inet4Address && !address.isLoopbackAddress() && !address.isLinkLocalAddress()) {
                        return address.getHostAddress();
                    }
                }
            }
        } catch (SocketException e) {
            throw new IllegalStateException("could not list the host's network interfaces", e);
        }
        throw new IllegalStateException("the host has no IPv4 address a dyno could reach the add-ons' PostgreSQL at;"
                + " set SLIPWAY_ADDON_POSTGRES_PUBLIC_HOST");
    }
}
