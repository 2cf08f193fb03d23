package dev.slipway.devstack;

import java.util.stream.IntStream;

/**
 * The ports a tenant-data PostgreSQL listens on: the one range the sandboxes' network rules let a
 * dyno reach on the host (service-kit's {@code NetworkRules}, {@code tcp dport 15432-15447}; keep
 * the two in step). Below the kernel's ephemeral range (32768 and up), so no free port the platform
 * picks for itself ever falls into it; sixteen ports for sixteen platforms on one host.
 */
public final class TenantDataPorts {
    public static final int FIRST = 15432;
    public static final int LAST = 15447;

    private TenantDataPorts() {}

    /** The first port of the range that nothing listens on, on any interface. */
    static int free() {
        return IntStream.rangeClosed(FIRST, LAST).filter(Ports::isFree).findFirst()
                .orElseThrow(() -> new IllegalStateException("every tenant-data port " + FIRST + "-" + LAST
                        + " is in use: stop a platform, or set SLIPWAY_ADDON_POSTGRES_URL to a PostgreSQL of your own"));
    }
}
