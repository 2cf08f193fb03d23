package dev.slipway.router.domain;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One web dyno the edge can send requests to. The object outlives routing-table rebuilds (the
 * table reuses it while the dyno keeps its address), so its in-flight count and skip window are
 * not lost when an unrelated app changes.
 */
public final class Backend {
    private final UUID dynoId;
    private final String name;
    private final String host;
    private final int port;
    private final AtomicInteger outstanding = new AtomicInteger();
    private volatile long skipUntilNanos;

    public Backend(UUID dynoId, String name, String host, int port) {
        this.dynoId = dynoId;
        this.name = name;
        this.host = host;
        this.port = port;
    }

    public UUID dynoId() {
        return dynoId;
    }

    public String name() {
        return name;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public int outstanding() {
        return outstanding.get();
    }

    public void acquire() {
        outstanding.incrementAndGet();
    }

    public void release() {
        outstanding.decrementAndGet();
    }

    public boolean skipped(long nowNanos) {
        return nowNanos - skipUntilNanos < 0;
    }

    /** Takes the dyno out of rotation for a while after it refused a connection. */
    public void skipFor(long nanos, long nowNanos) {
        skipUntilNanos = nowNanos + nanos;
    }

    boolean sameAddress(String otherHost, int otherPort) {
        return port == otherPort && host.equals(otherHost);
    }

    @Override
    public String toString() {
        return name + "@" + host + ":" + port;
    }
}
