package dev.slipway.router.edge;

import dev.slipway.router.domain.AppRoute;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * One request forwarded to a dyno or a platform service. It runs on the client connection's
 * event loop, as do its dyno connections, so no field needs synchronisation. Netty's HTTP objects
 * go through as they come: the request head rewritten in place, the bodies part by part with
 * back-pressure both ways (a side that cannot take more stops the other side's reads), never
 * buffered whole.
 */
final class Exchange {
    private static final Logger LOG = Logger.getLogger(Exchange.class);

    private final EdgeContext ctx;
    private final FrontHandler front;
    private final Channel client;
    private final HttpRequest request;
    private final RequestLine line;
    private final String requestId;
    private final long startNanos = System.nanoTime();
    private final boolean upgrade;
    private final boolean hasBody;
    private final boolean clientHttp10;
    /** The client may send another request on this connection after this one. */
    private boolean keepAlive;

    /** Set for an app request: dyno choice, retries, H-codes and the response timeout apply. */
    private AppRoute app;
    private final DynoChoice choice = new DynoChoice();

    private BackConnection dyno;
    /** The current dyno connection came from the pool: it may have gone stale while idle. */
    private boolean pooled;
    private boolean connecting;
    /** Body parts that arrived before a connection to the dyno existed. */
    private ArrayDeque<HttpContent> pending;
    private boolean requestEnded;
    private boolean requestSent;
    private boolean responseStarted;
    private boolean responseEnded;
    private boolean skippingInterim;
    private boolean dynoReusable;
    private boolean timedOut;
    /** Logged, with the backend released: what follows is only the connections' clean-up. */
    private boolean finished;
    private boolean completed;
    private long connectedNanos;
    private long requestSentNanos;
    private long lastActivityNanos;
    private int status;
    private long bytes;

    // the watchdog (H28 while the request arrives, H12 until the response head, H15 after it); see Watchdog
    boolean watched;
    Exchange prevWatched;
    Exchange nextWatched;

    /** {@code keepAlive}: the client's request lets the connection serve another one after it. */
    Exchange(EdgeContext ctx, FrontHandler front, HttpRequest request, RequestLine line, String requestId,
             boolean keepAlive) {
        this.ctx = ctx;
        this.front = front;
        this.client = front.channel();
        this.request = request;
        this.line = line;
        this.requestId = requestId;
        this.upgrade = Headers.isWebSocketUpgrade(request);
        this.hasBody = request.headers().contains(HttpHeaderNames.TRANSFER_ENCODING)
                || request.headers().contains(HttpHeaderNames.CONTENT_LENGTH);
        this.clientHttp10 = request.protocolVersion().equals(HttpVersion.HTTP_1_0);
        this.keepAlive = keepAlive;
        Headers.forRequest(request.headers(), upgrade, line.remote(), ctx.publicPort(), requestId,
                System.currentTimeMillis());
        // the dyno leg is always HTTP/1.1 and origin-form, so its connection can be kept
        request.setProtocolVersion(HttpVersion.HTTP_1_1);
        request.setUri(line.uri());
    }

    /** Forwards to one of the app's web dynos that are up. */
    void toApp(AppRoute route) {
        this.app = route;
        // watched from the start: a client that stops sending its request is H28
        lastActivityNanos = startNanos;
        ctx.watchdog().add(this);
        tryNextDyno();
    }

    /** Forwards to a platform service: no retry, no response timeout (git pushes take minutes). */
    void toService(String serviceName, String host, int port, String basePath) {
        choice.service(serviceName, host, port);
        if (!basePath.isEmpty()) {
            request.setUri(basePath + line.uri());
        }
        connect();
    }

    private void tryNextDyno() {
        if (!choice.pickNext(app)) {
            // H10: every dyno that is up refused us within its skip window, as good as crashed;
            // H13: the last one tried hung up without an answer
            fail(choice.noDynoLeft());
            return;
        }
        connect();
    }

    private void connect() {
        BackConnection idle = upgrade ? null : choice.takeIdle(ctx.pool());
        if (idle != null) {
            pooled = true;
            attach(idle);
            return;
        }
        connectFresh();
    }

    private void connectFresh() {
        pooled = false;
        connecting = true;
        if (!requestEnded) {
            // the body waits in the client's socket until there is somewhere to send it
            front.holdBody(true);
        }
        choice.connect(ctx.pool()).addListener((ChannelFuture f) -> connected(f));
    }

    private void connected(ChannelFuture f) {
        connecting = false;
        if (finished) {
            if (f.isSuccess()) {
                f.channel().close();
            }
            return;
        }
        if (!f.isSuccess()) {
            connectFailed();
            return;
        }
        attach(f.channel().pipeline().get(BackConnection.class));
    }

    private void connectFailed() {
        if (app == null) {
            failService();
            return;
        }
        // nothing was sent yet, so another dyno may safely take the request (and its body so far)
        choice.dynoFailed();
        tryNextDyno();
    }

    private void attach(BackConnection conn) {
        dyno = conn;
        conn.exchange = this;
        connectedNanos = System.nanoTime();
        dynoReusable = false;
        ctx.flushes().write(conn.channel, request);
        if (pending != null) {
            for (HttpContent part; (part = pending.poll()) != null; ) {
                ctx.flushes().write(conn.channel, part);
            }
            pending = null;
        } else if (requestEnded) {
            // a resend: the request had no body, its end went to the dyno that failed
            ctx.flushes().write(conn.channel, LastHttpContent.EMPTY_LAST_CONTENT);
        }
        if (requestEnded) {
            requestSent();
        }
        front.holdBody(false);
    }

    /** A part of the request body, from the client connection. */
    void fromClient(HttpContent part) {
        boolean last = part instanceof LastHttpContent;
        if (last) {
            requestEnded = true;
        }
        lastActivityNanos = System.nanoTime();
        if (dyno != null) {
            ctx.flushes().write(dyno.channel, part);
            if (!last && !dyno.channel.isWritable()) {
                front.holdBody(true);
            }
            if (last) {
                requestSent();
                if (responseEnded) {
                    complete();
                }
            }
        } else if (connecting) {
            if (pending == null) {
                pending = new ArrayDeque<>();
            }
            pending.add(part);
        } else {
            // answered already (an error, or the dyno went away after its response): read to the end
            part.release();
            if (last && finished) {
                complete();
            }
        }
    }

    /** Heroku's 30 s to the first response byte count from the end of the request. */
    private void requestSent() {
        requestSent = true;
        requestSentNanos = System.nanoTime();
        if (app != null && !responseStarted && !finished) {
            ctx.watchdog().add(this);
        }
    }

    /** What the dyno sent, from its connection. */
    void fromDyno(Object msg) {
        if (finished) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpResponse response) {
            responseHead(response);
        } else if (msg instanceof HttpContent part) {
            responsePart(part);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    private void responseHead(HttpResponse response) {
        int code = response.status().code();
        if (response.decoderResult().isFailure()) {
            // not HTTP: as good as hanging up without an answer (BackConnection catches it first)
            dyno.faulted = true;
            dyno.channel.close();
            return;
        }
        if (code < 200 && code != 101) {
            // an interim answer (100 Continue, 103): the client's edge already answered 100 itself
            skippingInterim = true;
            return;
        }
        responseStarted = true;
        status = code;
        lastActivityNanos = System.nanoTime();
        if (app != null) {
            ctx.watchdog().add(this);
        }
        boolean bodyless = ResponseFraming.bodyless(request.method(), code);
        dynoReusable = !upgrade && ResponseFraming.dynoReusable(response, bodyless);
        keepAlive = ResponseFraming.forClient(response, bodyless, clientHttp10, keepAlive);
        ctx.flushes().write(client, response);
    }

    private void responsePart(HttpContent part) {
        if (part.decoderResult().isFailure()) {
            // a body the codec could not frame (BackConnection catches it first): never sent on
            part.release();
            dyno.faulted = true;
            dyno.channel.close();
            return;
        }
        boolean last = part instanceof LastHttpContent;
        if (skippingInterim) {
            part.release();
            skippingInterim = !last;
            return;
        }
        bytes += part.content().readableBytes();
        lastActivityNanos = System.nanoTime();
        ctx.flushes().write(client, part);
        if (!last) {
            if (!client.isWritable()) {
                dyno.channel.config().setAutoRead(false);
            }
            return;
        }
        responseEnded = true;
        if (status == 101) {
            tunnel();
            return;
        }
        finish(null, status);
        if (requestEnded) {
            complete();
        }
        // else: the dyno answered before the upload ended; the rest still goes to it, so its
        // connection ends its request cleanly and the client's is read to the end
    }

    /** The dyno accepted the WebSocket: from now on both connections are one byte tunnel. */
    private void tunnel() {
        // a tunnel may live for hours: it stops counting as outstanding once the handshake is done
        finish(null, 101);
        completed = true;
        BackConnection conn = dyno;
        dyno = null;
        conn.exchange = null;
        // this read ends in the tunnel's handlers, not in BackConnection's: end it here
        ctx.flushes().readEnded();
        front.becomeTunnel(conn.channel);
        conn.channel.pipeline().addLast("tunnel", new TunnelRelay(client));
        conn.channel.pipeline().remove(conn);
        conn.channel.pipeline().remove("http");
    }

    /** The client took what was queued for it: the dyno may send more. */
    void clientWritabilityChanged(boolean writable) {
        if (writable && dyno != null) {
            dyno.channel.config().setAutoRead(true);
        }
    }

    /** The dyno took what was queued for it: the client may send more of the body. */
    void dynoWritabilityChanged(boolean writable) {
        if (writable) {
            front.holdBody(false);
        }
    }

    Channel client() {
        return client;
    }

    /**
     * The client's body could not be parsed (its codec reads nothing more): the request is over as
     * an error. The dyno connection, which got part of a body, is closed; the client gets a 400 when
     * no response has begun, and its connection closes.
     */
    void clientSentBadBody(String cause) {
        LOG.debugf("request_id=%s: client body not valid HTTP: %s", requestId, cause);
        boolean answer = !responseStarted && client.isActive();
        if (answer) {
            bytes = front.respondPage(400, ErrorPages.badRequest("400", "The request body is not valid HTTP."),
                    "text/html; charset=utf-8", false);
        }
        finish(null, responseStarted ? status : 400);
        keepAlive = false;
        completed = true;
        dropDyno();
        releasePending();
        if (answer) {
            front.closeAfterFlush();
        } else {
            front.close();
        }
    }

    /** The dyno connection closed while this exchange held it. */
    void dynoClosed() {
        BackConnection conn = dyno;
        boolean faulted = conn != null && conn.faulted;
        dyno = null;
        if (conn != null) {
            conn.exchange = null;
        }
        if (finished) {
            // after the response (the rest of an upload is then read and dropped) or after an error
            dynoReusable = false;
            return;
        }
        if (!responseStarted) {
            if (timedOut) {
                fail(RouterError.H12);
            } else if (app == null) {
                if (pooled && DynoChoice.safeToResend(request, hasBody)) {
                    // a service restarted under its pooled connections: once more, on a new one
                    requestSent = false;
                    connectFresh();
                } else {
                    failService();
                }
            } else {
                ctx.watchdog().remove(this);
                choice.dynoFailed();
                if (DynoChoice.safeToResend(request, hasBody)) {
                    // as nginx's proxy_next_upstream: a dyno that died under a pooled connection
                    choice.resendAfterHangUp();
                    requestSent = false;
                    tryNextDyno();
                } else {
                    fail(RouterError.H13);
                }
            }
            return;
        }
        if (app == null) {
            // a service's exchanges have no access line (and its paths may hold tokens): this is their trace
            LOG.warnf("%s hung up mid-response to %s request_id=%s", choice.name(), request.method(), requestId);
        }
        // a truncated body must not look complete: drop the client's connection
        finish(RouterError.H18, status);
        if (faulted) {
            // what this turn queued for the client came through a codec that faulted: not sent
            keepAlive = false;
            completed = true;
            releasePending();
            ConnectionFaults.cutUnflushed(client, "request_id=" + requestId + ": the response came from "
                    + choice.name() + ", whose connection faulted");
        } else {
            closeClient();
        }
    }

    /** Called by the watchdog's sweep. */
    void checkDeadline(long nowNanos) {
        if (finished) {
            ctx.watchdog().remove(this);
        } else if (!responseStarted) {
            if (!requestEnded) {
                if (dyno != null && !dyno.channel.isWritable()) {
                    // the dyno takes no more of the body and the client is held back: not the client's idling
                    lastActivityNanos = nowNanos;
                } else if (nowNanos - lastActivityNanos >= ctx.idleTimeoutNanos()) {
                    // the client stopped sending its request for the whole window
                    finish(RouterError.H28, 499);
                    closeClient();
                }
            } else if (dyno != null && requestSent && nowNanos - requestSentNanos >= ctx.responseTimeoutNanos()) {
                ctx.watchdog().remove(this);
                timedOut = true;
                dyno.channel.close();
            }
        } else if (nowNanos - lastActivityNanos >= ctx.idleTimeoutNanos()) {
            // neither side sent a byte within the rolling window: cut both connections
            ctx.watchdog().remove(this);
            finish(RouterError.H15, status);
            closeClient();
        }
    }

    /** The client connection closed while this exchange was current. */
    void clientGone() {
        if (!finished) {
            // finished first, so that the dyno connection's close does not count as H13
            finish(RouterError.H27, 499);
        }
        completed = true;
        dropDyno();
        releasePending();
    }

    private void fail(RouterError error) {
        if (!responseStarted && client.isActive()) {
            bytes = front.respondPage(503, ErrorPages.appError(error), "text/html; charset=utf-8",
                    keepAlive && requestEnded);
            keepAlive &= requestEnded;
        }
        finish(error, 503);
        complete();
    }

    private void failService() {
        if (responseStarted) {
            closeClient();
        } else if (client.isActive()) {
            bytes = front.respondPage(503, ErrorPages.json("service_unavailable", choice.name()
                    + " is not available, try again shortly"), "application/json", keepAlive && requestEnded);
            keepAlive &= requestEnded;
        }
        finish(null, 503);
        complete();
    }

    private void finish(RouterError error, int loggedStatus) {
        if (finished) {
            return;
        }
        finished = true;
        ctx.watchdog().remove(this);
        choice.release();
        if (app == null) {
            return;
        }
        long now = System.nanoTime();
        ctx.meter().record(app.appId(), loggedStatus, error == null ? null : error.name(), now - startNanos);
        if (!AccessLog.wanted(error, ctx.logs().enabled())) {
            return;
        }
        long connectMs = connectedNanos == 0 ? 0 : TimeUnit.NANOSECONDS.toMillis(connectedNanos - startNanos);
        long serviceMs = connectedNanos == 0 ? 0 : TimeUnit.NANOSECONDS.toMillis(now - connectedNanos);
        ctx.logs().offer(app.appId(), AccessLog.line(error, request.method().name(), line.uri(), line.host(),
                requestId, line.remote(), choice.name(), connectMs, serviceMs, loggedStatus, bytes));
    }

    /** Both directions are over: the dyno connection goes back to the pool and the client may go on. */
    private void complete() {
        if (completed) {
            return;
        }
        completed = true;
        BackConnection conn = dyno;
        if (conn != null) {
            dyno = null;
            conn.exchange = null;
            if (dynoReusable && responseEnded && requestSent && !conn.faulted) {
                conn.channel.config().setAutoRead(true);
                ctx.pool().giveBack(conn, System.nanoTime());
            } else {
                conn.channel.close();
            }
        }
        releasePending();
        front.exchangeDone(keepAlive);
    }

    private void closeClient() {
        keepAlive = false;
        completed = true;
        dropDyno();
        releasePending();
        front.close();
    }

    private void dropDyno() {
        BackConnection conn = dyno;
        if (conn != null) {
            dyno = null;
            conn.exchange = null;
            conn.channel.close();
        }
    }

    private void releasePending() {
        if (pending != null) {
            pending.forEach(HttpContent::release);
            pending = null;
        }
    }
}
