package dev.slipway.router.edge;

import dev.slipway.router.messaging.RouterLogShipper;
import dev.slipway.router.metrics.LoopMeter;

/**
 * What the exchanges of one event loop share: all of it confined to that loop, except the log
 * shipper (and the meter, which only this loop writes and the metrics shipper reads).
 */
record EdgeContext(BackendPool pool, Watchdog watchdog, Flushes flushes, ClientConnections clients,
                   long responseTimeoutNanos, long idleTimeoutNanos, String publicPort, RouterLogShipper logs,
                   LoopMeter meter) {}
