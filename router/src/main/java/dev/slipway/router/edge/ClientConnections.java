package dev.slipway.router.edge;

import java.util.ArrayList;
import java.util.List;

/**
 * One event loop's client connections, for the sweep of their deadlines (head read, keep-alive
 * idle), and the loop's budget of memory for unfinished request heads beyond each connection's
 * free share. Confined to the loop: no locking.
 */
final class ClientConnections {
    private final List<ClientGuard> guards = new ArrayList<>();
    private final long headBudget;
    private final long headNanos;
    private final long keepAliveNanos;
    private long charged;

    ClientConnections(long headBudget, long headNanos, long keepAliveNanos) {
        this.headBudget = headBudget;
        this.headNanos = headNanos;
        this.keepAliveNanos = keepAliveNanos;
    }

    void add(ClientGuard guard) {
        guard.index = guards.size();
        guards.add(guard);
    }

    /** Swaps the last one into the leaving one's place: O(1), order does not matter. */
    void remove(ClientGuard guard) {
        int i = guard.index;
        if (i < 0) {
            return;
        }
        ClientGuard last = guards.remove(guards.size() - 1);
        if (last != guard) {
            guards.set(i, last);
            last.index = i;
        }
        guard.index = -1;
    }

    /** Adds (or, negative, gives back) head bytes; false, and nothing charged, when the budget would overflow. */
    boolean charge(long bytes) {
        if (bytes > 0 && charged + bytes > headBudget) {
            return false;
        }
        charged += bytes;
        return true;
    }

    long headBudget() {
        return headBudget;
    }

    long charged() {
        return charged;
    }

    int size() {
        return guards.size();
    }

    void sweep(long nowNanos) {
        // from the end: a guard that closes its connection now leaves the list only later (channelInactive)
        for (int i = guards.size() - 1; i >= 0; i--) {
            guards.get(i).checkDeadline(nowNanos, headNanos, keepAliveNanos);
        }
    }
}
