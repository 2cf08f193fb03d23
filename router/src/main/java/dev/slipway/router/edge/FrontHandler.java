package dev.slipway.router.edge;

import dev.slipway.router.config.RouterConfig;
import dev.slipway.router.domain.ApiRoutes;
import dev.slipway.router.domain.ApiTarget;
import dev.slipway.router.domain.AppRoute;
import dev.slipway.router.domain.HostNames;
import dev.slipway.router.domain.RequestIds;
import dev.slipway.router.domain.Routing;
import dev.slipway.router.metrics.LoopMeter;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.buffer.Buffer;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * One client connection: the last handler of its pipeline, behind Netty's HTTP server codec.
 * It answers what the edge answers itself (unknown hosts, maintenance, no dynos, bad heads) and
 * hands every other request to an {@link Exchange}, one at a time: what a client pipelines
 * behind a request waits here until that request's response has ended.
 */
final class FrontHandler extends ChannelInboundHandlerAdapter {
    /** Pipelined messages held before the connection stops reading. */
    private static final int MAX_QUEUED = 64;

    private final EdgeContext ctx;
    private final Routing routing;
    private final HostNames hostNames;
    private final RouterConfig config;
    private final ClientGuard guard;
    private final ArrayDeque<Object> queued = new ArrayDeque<>();
    private Channel channel;
    private String remote = "";
    private Exchange current;
    /** The last request handed on has more body to come. */
    private boolean bodyOpen;
    private boolean heldForBody;
    private boolean heldForQueue;

    FrontHandler(EdgeContext ctx, Routing routing, HostNames hostNames, RouterConfig config, ClientGuard guard) {
        this.ctx = ctx;
        this.guard = guard;
        this.routing = routing;
        this.hostNames = hostNames;
        this.config = config;
    }

    Channel channel() {
        return channel;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext c) {
        channel = c.channel();
        SocketAddress address = channel.remoteAddress();
        if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
            remote = inet.getAddress().getHostAddress();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext c, Object msg) {
        ctx.flushes().readStarted();
        guard.decoded();
        if (queued.isEmpty()) {
            route(msg);
        } else {
            enqueue(msg);
        }
        guard.busy(busy());
    }

    /** A request is being handled: an exchange, a body still coming, or requests waiting their turn. */
    private boolean busy() {
        return current != null || bodyOpen || !queued.isEmpty();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext c) {
        ctx.flushes().readEnded();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext c) {
        if (current != null) {
            current.clientWritabilityChanged(channel.isWritable());
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext c) {
        Exchange gone = current;
        current = null;
        if (gone != null) {
            gone.clientGone();
        }
        releaseQueued();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext c, Throwable cause) {
        ConnectionFaults.closedOn("client connection from " + remote, cause);
        if (ConnectionFaults.isPlainIo(cause)) {
            // what was written before the error, a response's last part say, still leaves
            close();
        } else {
            // a fault in the codec or the edge: what this turn queued may hold freed or shared memory
            abort();
        }
    }

    private void route(Object msg) {
        // a head Netty could not parse comes as a full request (an HttpContent too): dispatch answers it
        if (msg instanceof HttpContent part && !(msg instanceof HttpRequest) && part.decoderResult().isFailure()
                && (current == null || bodyOpen)) {
            badBody(part);
        } else if (current != null && bodyOpen && msg instanceof HttpContent part) {
            bodyOpen = !(part instanceof LastHttpContent);
            current.fromClient(part);
        } else if (current != null) {
            enqueue(msg);
        } else if (msg instanceof HttpRequest request) {
            bodyOpen = true;
            dispatch(request);
        } else {
            // the rest of a request the edge has answered itself: read and dropped
            if (msg instanceof LastHttpContent) {
                bodyOpen = false;
            }
            ReferenceCountUtil.release(msg);
        }
    }

    /**
     * A body Netty could not parse (a bad chunk size, say): the codec is in its bad-message state and
     * reads nothing more, so the request is over. The exchange ends as an error (400 if no response
     * has begun); the connection closes.
     */
    private void badBody(HttpContent part) {
        Throwable cause = part.decoderResult().cause();
        ReferenceCountUtil.release(part);
        bodyOpen = false;
        releaseQueued();
        Exchange gone = current;
        current = null;
        if (gone != null) {
            gone.clientSentBadBody(String.valueOf(cause));
        } else {
            respondPage(400, ErrorPages.badRequest("400", "The request body is not valid HTTP."),
                    "text/html; charset=utf-8", false);
            closeAfterFlush();
        }
    }

    private void enqueue(Object msg) {
        queued.add(msg);
        if (queued.size() > MAX_QUEUED && !heldForQueue) {
            heldForQueue = true;
            updateReads();
        }
    }

    private void dispatch(HttpRequest request) {
        if (request.decoderResult().isFailure()) {
            refuseHead(request);
            return;
        }
        if (!HeadLimits.withinLimits(request.headers())) {
            respondPage(431, ErrorPages.headersTooLarge(), "text/html; charset=utf-8", false);
            closeAfterFlush();
            return;
        }
        if (!expectationMet(request)) {
            return;
        }
        RequestLine line = RequestLine.of(request, remote);
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        String requestId = RequestIds.keepOrGenerate(request.headers().get("X-Request-Id"));
        if (hostNames.isApiHost(line.host())) {
            toService(request, line, requestId, keepAlive);
            return;
        }
        if (hostNames.isDashboardHost(line.host())) {
            RequestLine api = line.underDashboardApi();
            if (api != null) {
                toService(request, api, requestId, keepAlive);
            } else {
                ctx.flushes().write(channel,
                        DashboardFiles.bundled().respond(request.method(), line.path(), keepAlive));
                answered(keepAlive);
            }
            return;
        }
        AppRoute app = routing.table().app(line.host());
        if (app == null) {
            long bytes = respondPage(404, ErrorPages.noSuchApp(), "text/html; charset=utf-8", keepAlive);
            AccessLog.line(null, request.method().name(), line.uri(), line.host(), requestId, remote, null, 0, 0,
                    404, bytes);
            answered(keepAlive);
            return;
        }
        RouterError error = app.maintenance() ? RouterError.H80
                : app.backends().isEmpty() ? (app.crashed() ? RouterError.H10 : RouterError.H14) : null;
        if (error != null) {
            long bytes = respondPage(503, ErrorPages.appError(error), "text/html; charset=utf-8", keepAlive);
            ctx.meter().record(app.appId(), 503, error.name(), LoopMeter.NO_LATENCY); // no dyno asked: no response time
            ctx.logs().offer(app.appId(), AccessLog.line(error, request.method().name(), line.uri(), line.host(),
                    requestId, remote, null, 0, 0, 503, bytes));
            answered(keepAlive);
            return;
        }
        current = new Exchange(ctx, this, request, line, requestId, keepAlive);
        current.toApp(app);
    }

    private void toService(HttpRequest request, RequestLine line, String requestId, boolean keepAlive) {
        ApiTarget target = ApiRoutes.route(line.path());
        if (target == ApiTarget.NOT_FOUND) {
            respondPage(404, ErrorPages.json("not_found", "The requested API endpoint was not found."),
                    "application/json", keepAlive);
            answered(keepAlive);
            return;
        }
        URI base = config.serviceUrl(target);
        if (base == null) {
            respondPage(503, ErrorPages.json("service_unavailable", target.serviceName()
                    + " is not available, try again shortly"), "application/json", keepAlive);
            answered(keepAlive);
            return;
        }
        int port = base.getPort() > 0 ? base.getPort() : 80;
        String basePath = base.getRawPath() == null || "/".equals(base.getRawPath()) ? "" : base.getRawPath();
        current = new Exchange(ctx, this, request, line, requestId, keepAlive);
        current.toService(target.serviceName(), base.getHost(), port, basePath);
    }

    /**
     * {@code Expect: 100-continue} is answered at once, before the request is routed, so that the
     * client sends its body (the dyno never sees the header); any other expectation gets 417 and
     * the connection closes, its body unread.
     */
    private boolean expectationMet(HttpRequest request) {
        String expect = request.headers().get(HttpHeaderNames.EXPECT);
        if (expect == null || request.protocolVersion().equals(HttpVersion.HTTP_1_0)) {
            return true; // HTTP/1.0 knows no expectations
        }
        if (!HttpHeaderValues.CONTINUE.contentEqualsIgnoreCase(expect.trim())) {
            respondPage(417, ErrorPages.badRequest("417", "Only Expect: 100-continue is supported."),
                    "text/html; charset=utf-8", false);
            closeAfterFlush();
            return false;
        }
        ctx.flushes().write(channel, new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE,
                Unpooled.EMPTY_BUFFER));
        return true;
    }

    /** A head Netty could not take: 414 for a long request line, 431 for a long head, else 400; then hang up. */
    private void refuseHead(HttpRequest request) {
        Throwable cause = request.decoderResult().cause();
        ReferenceCountUtil.release(request);
        if (cause instanceof TooLongHttpLineException) {
            respondPage(414, ErrorPages.badRequest("414", "The request line is longer than 8192 bytes."),
                    "text/html; charset=utf-8", false);
        } else if (cause instanceof TooLongHttpHeaderException) {
            respondPage(431, ErrorPages.headersTooLarge(), "text/html; charset=utf-8", false);
        } else {
            respondPage(400, ErrorPages.badRequest("400", "The request is not valid HTTP."),
                    "text/html; charset=utf-8", false);
        }
        closeAfterFlush();
    }

    /** Writes a page of the edge's own; returns the body's length, for the log line. */
    long respondPage(int status, Buffer page, String contentType, boolean keepAlive) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(status), Unpooled.wrappedBuffer(page.getBytes()));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, contentType)
                .set(HttpHeaderNames.CONTENT_LENGTH, page.length())
                .set(HttpHeaderNames.CACHE_CONTROL, "no-cache, no-store");
        if (!keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        ctx.flushes().write(channel, response);
        return page.length();
    }

    private void answered(boolean keepAlive) {
        if (!keepAlive) {
            closeAfterFlush();
        }
    }

    /** The current exchange is over: the next request may go, or the connection closes. */
    void exchangeDone(boolean keepAlive) {
        current = null;
        heldForBody = false;
        if (!keepAlive) {
            releaseQueued();
            closeAfterFlush();
            return;
        }
        while (!queued.isEmpty() && (current == null || bodyOpen && queued.peek() instanceof HttpContent)) {
            route(queued.poll());
        }
        heldForQueue = queued.size() > MAX_QUEUED;
        updateReads();
        guard.busy(busy());
    }

    /** Stops or resumes reading the client while the dyno cannot take more of the body (or has no connection yet). */
    void holdBody(boolean hold) {
        if (heldForBody != hold) {
            heldForBody = hold;
            updateReads();
        }
    }

    /** After a 101: the HTTP handlers leave, the connection relays bytes to the dyno's. */
    void becomeTunnel(Channel dyno) {
        current = null;
        releaseQueued();
        ChannelPipeline pipeline = channel.pipeline();
        // Heroku's rolling idle window holds for a WebSocket too: the client's connection carries
        // both directions' bytes, so its being idle either way means the whole tunnel is
        pipeline.addLast("idle", new IdleStateHandler(0, 0, ctx.idleTimeoutNanos(), TimeUnit.NANOSECONDS));
        pipeline.addLast("tunnel", new TunnelRelay(dyno));
        pipeline.remove(this);
        // the head limits are over: a tunnel's bytes are no request head
        pipeline.remove(guard);
        // whatever the codec holds unread goes on to the tunnel as it leaves
        pipeline.remove("http");
        channel.config().setAutoRead(true);
    }

    /**
     * Hangs up now, flushing first: what this turn of the loop wrote and the socket takes at once
     * (a truncated body's last part, say) still leaves; what it cannot take goes with the
     * connection, which is being cut anyway. {@link #closeAfterFlush} waits instead.
     */
    void close() {
        channel.flush();
        channel.close();
    }

    /**
     * Hangs up without flushing: what this turn queued for the client is dropped. For a fault that
     * is not plain I/O (a decoder's exception, a buffer released under a queued part), after which
     * the queued bytes cannot be trusted: a cut response beats a corrupted one.
     */
    void abort() {
        channel.close();
    }

    void closeAfterFlush() {
        channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    private void updateReads() {
        channel.config().setAutoRead(!heldForBody && !heldForQueue);
    }

    private void releaseQueued() {
        for (Object msg; (msg = queued.poll()) != null; ) {
            ReferenceCountUtil.release(msg);
        }
    }
}
