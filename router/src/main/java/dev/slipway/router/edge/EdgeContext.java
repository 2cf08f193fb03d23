package dev.slipway.router.edge;

import dev.slipway.router.messaging.RouterLogShipper;

/** What the exchanges of one event loop share: all of it confined to that loop, except the log shipper. */
record EdgeContext(BackendPool pool, Watchdog watchdog, Flushes flushes, ClientConnections clients,
                   long responseTimeoutNanos, long idleTimeoutNanos, String publicPort, RouterLogShipper logs) {}
