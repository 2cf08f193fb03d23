package dev.slipway.router.edge;

import dev.slipway.router.messaging.RouterLogShipper;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.net.NetClient;

/** What one edge verticle shares with the exchanges it runs: all of it bound to its event loop. */
record EdgeContext(Vertx vertx, HttpClient client, NetClient netClient, long responseTimeoutNanos,
                   long idleTimeoutNanos, String publicPortString, RouterLogShipper logs, Watchdog watchdog) {}
