package dev.slipway.router.edge;

import dev.slipway.router.config.RouterConfig;
import dev.slipway.router.domain.ApiRoutes;
import dev.slipway.router.domain.ApiTarget;
import dev.slipway.router.domain.AppRoute;
import dev.slipway.router.domain.HostNames;
import dev.slipway.router.domain.RequestIds;
import dev.slipway.router.domain.Routing;
import dev.slipway.router.messaging.RouterLogShipper;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import java.net.URI;

/**
 * One event loop's share of the edge: its own listening server (Vert.x spreads connections over
 * the instances) and its own client pool, so a request never changes thread.
 */
final class EdgeVerticle extends AbstractVerticle {
    private final RouterConfig config;
    private final Routing routing;
    private final HostNames hostNames;
    private final RouterLogShipper logs;
    private final int port;
    private EdgeContext ctx;
    private HttpServer server;
    private long sweeper = -1;

    EdgeVerticle(RouterConfig config, Routing routing, RouterLogShipper logs, int port) {
        this.config = config;
        this.logs = logs;
        this.routing = routing;
        this.hostNames = new HostNames(config.domain());
        this.port = port;
    }

    @Override
    public void start(Promise<Void> started) {
        HttpClientOptions clientOptions = new HttpClientOptions()
                .setKeepAlive(true)
                .setKeepAliveTimeout(90)
                .setConnectTimeout(5_000)
                .setTcpNoDelay(true)
                .setMaxInitialLineLength(HeadLimits.MAX_LINE)
                .setMaxHeaderSize(HeadLimits.MAX_HEAD);
        // WebSocket handshakes go over plain TCP: see WebSocketTunnel
        NetClient tunnels = vertx.createNetClient(new NetClientOptions().setConnectTimeout(5_000).setTcpNoDelay(true));
        ctx = new EdgeContext(vertx, vertx.createHttpClient(clientOptions, new PoolOptions().setHttp1MaxSize(1000)),
                tunnels, config.responseTimeout().toNanos(), config.idleTimeout().toNanos(), Integer.toString(port),
                logs, new Watchdog());
        sweeper = vertx.setPeriodic(Watchdog.SWEEP_MILLIS, id -> ctx.watchdog().sweep(System.nanoTime()));
        HttpServerOptions serverOptions = new HttpServerOptions()
                .setHost(config.host())
                .setPort(port)
                .setTcpNoDelay(true)
                .setHandle100ContinueAutomatically(true)
                // Netty answers 414 to a longer request line and 431 past the whole head's bound;
                // the per-line and count limits are checked in handle()
                .setMaxInitialLineLength(HeadLimits.MAX_LINE)
                .setMaxHeaderSize(HeadLimits.MAX_HEAD);
        server = vertx.createHttpServer(serverOptions).requestHandler(this::handle);
        server.listen().<Void>mapEmpty().onComplete(started);
    }

    private void handle(HttpServerRequest req) {
        if (!HeadLimits.withinLimits(req.headers())) {
            req.response().setStatusCode(431).putHeader(HttpHeaders.CONNECTION, "close")
                    .putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8").end(ErrorPages.headersTooLarge())
                    .onComplete(v -> req.connection().close());
            return;
        }
        String hostHeader = req.getHeader(HttpHeaders.HOST);
        String host = HostNames.normalize(hostHeader != null ? hostHeader
                : req.authority() != null ? req.authority().host() : "");
        if (hostNames.isApiHost(host)) {
            handleApi(req, host);
            return;
        }
        AppRoute app = routing.table().app(host);
        if (app == null) {
            respond(req, host, 404, "text/html; charset=utf-8", ErrorPages.noSuchApp(), null);
            return;
        }
        ProxyExchange exchange = new ProxyExchange(ctx, req, host);
        if (app.maintenance()) {
            appError(req, app, host, exchange.requestId(), RouterError.H80);
        } else if (app.backends().isEmpty()) {
            appError(req, app, host, exchange.requestId(), app.crashed() ? RouterError.H10 : RouterError.H14);
        } else {
            exchange.toApp(app);
        }
    }

    private void handleApi(HttpServerRequest req, String host) {
        ApiTarget target = ApiRoutes.route(req.path());
        if (target == ApiTarget.NOT_FOUND) {
            respond(req, host, 404, "application/json",
                    ErrorPages.json("not_found", "The requested API endpoint was not found."), null);
            return;
        }
        URI base = config.serviceUrl(target);
        if (base == null) {
            respond(req, host, 503, "application/json", ErrorPages.json("service_unavailable",
                    target.serviceName() + " is not available, try again shortly"), target.serviceName());
            return;
        }
        int basePort = base.getPort() > 0 ? base.getPort() : 80;
        String basePath = base.getRawPath() == null || "/".equals(base.getRawPath()) ? "" : base.getRawPath();
        new ProxyExchange(ctx, req, host).toService(target.serviceName(), base.getHost(), basePort, basePath);
    }

    private void appError(HttpServerRequest req, AppRoute app, String host, String requestId, RouterError error) {
        req.response()
                .setStatusCode(503)
                .putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache, no-store")
                .end(ErrorPages.appError(error));
        ctx.logs().offer(app.appId(), AccessLog.line(error, req.method().name(), req.uri(), host, requestId,
                remote(req), null, 0, 0, 503, req.response().bytesWritten()));
    }

    private void respond(HttpServerRequest req, String host, int status, String type, Buffer body, String dyno) {
        req.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, type).end(body);
        AccessLog.line(null, req.method().name(), req.uri(), host,
                RequestIds.keepOrGenerate(req.getHeader("X-Request-Id")), remote(req), dyno, 0, 0, status,
                req.response().bytesWritten());
    }

    private static String remote(HttpServerRequest req) {
        return req.remoteAddress() == null ? "" : req.remoteAddress().hostAddress();
    }

    @Override
    public void stop(Promise<Void> stopped) {
        vertx.cancelTimer(sweeper);
        ctx.client().close();
        ctx.netClient().close();
        server.close().onComplete(stopped);
    }
}
