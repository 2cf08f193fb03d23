package dev.slipway.router.edge;

/**
 * The exchanges of one event loop that read a request (H28), wait for a dyno (H12) or stream a
 * response (H15), in an intrusive doubly-linked list: adding and removing allocate nothing, and
 * one periodic sweep per event loop replaces three timers per request. Confined to its event
 * loop, so no locking.
 */
final class Watchdog {
    /** How often the sweep runs: the timeouts are this much late at most. */
    static final long SWEEP_MILLIS = 250;

    private Exchange head;

    void add(Exchange e) {
        if (e.watched) {
            return;
        }
        e.watched = true;
        e.prevWatched = null;
        e.nextWatched = head;
        if (head != null) {
            head.prevWatched = e;
        }
        head = e;
    }

    void remove(Exchange e) {
        if (!e.watched) {
            return;
        }
        e.watched = false;
        if (e.prevWatched != null) {
            e.prevWatched.nextWatched = e.nextWatched;
        } else {
            head = e.nextWatched;
        }
        if (e.nextWatched != null) {
            e.nextWatched.prevWatched = e.prevWatched;
        }
        e.prevWatched = null;
        e.nextWatched = null;
    }

    /** Lets every watched exchange check its deadline; an expired one removes itself. */
    void sweep(long nowNanos) {
        Exchange e = head;
        while (e != null) {
            Exchange next = e.nextWatched;
            e.checkDeadline(nowNanos);
            e = next;
        }
    }
}
