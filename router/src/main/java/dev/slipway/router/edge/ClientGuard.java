package dev.slipway.router.edge;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.buffer.Buffer;
import org.jboss.logging.Logger;

/**
 * The bounds on a client connection that Netty's codec does not keep, ahead of it in the
 * pipeline: how long a request head may take to arrive (408), how long a keep-alive connection
 * may sit idle between requests (closed), and how much memory unfinished heads may hold (431).
 * The memory a head costs is counted as the bytes read since the codec last produced a message
 * (a head or a body part): what it holds undecoded, give or take the last read. A connection's
 * first {@link #FREE_HEAD_BYTES} are its own; beyond them it draws on its event loop's shared
 * budget ({@link ClientConnections}), so a flood of unfinished 8 MB heads is refused while
 * ordinary requests on other connections go on. Confined to the connection's event loop.
 */
final class ClientGuard extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = Logger.getLogger(ClientGuard.class);
    /** What any head may hold without drawing on the shared budget: every ordinary head fits. */
    static final int FREE_HEAD_BYTES = 64 * 1024;

    /** What the connection is doing, for its deadlines. */
    enum State {
        /** Accepted, or between requests: the keep-alive limit runs (the head limit on a fresh connection). */
        IDLE,
        /** Bytes of a head have come, the head is not complete: the head-read limit runs. */
        HEAD,
        /** A request is being handled (its body, its response): the exchange's own timeouts apply. */
        BUSY,
        /** Refused or timed out: what still arrives is dropped. */
        CUT
    }

    private final ClientConnections connections;
    private Channel channel;
    private State state = State.IDLE;
    private long sinceNanos = System.nanoTime();
    /** The first wait of a connection is for its first head: it gets the head limit, not the keep-alive one. */
    private boolean fresh = true;
    private long undecoded;
    private long charged;
    int index = -1;

    ClientGuard(ClientConnections connections) {
        this.connections = connections;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        connections.add(this);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        leave();
        ctx.fireChannelInactive();
    }

    /** Leaves a connection that became a WebSocket tunnel: the tunnel's own idle window applies. */
    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        leave();
    }

    private void leave() {
        connections.remove(this);
        uncharge();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (state == State.CUT) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof ByteBuf bytes) {
            if (state == State.IDLE) {
                state = State.HEAD;
                sinceNanos = System.nanoTime();
            }
            undecoded += bytes.readableBytes();
            long charge = Math.max(0, undecoded - FREE_HEAD_BYTES);
            if (!connections.charge(charge - charged)) {
                ReferenceCountUtil.release(msg);
                cut(431, ErrorPages.headersTooLarge(), "unfinished request heads on this event loop hold more than "
                        + connections.headBudget() + " bytes");
                return;
            }
            charged = charge;
        }
        ctx.fireChannelRead(msg);
    }

    /** The codec produced a message: what it held undecoded is now the message's, and the front handler's. */
    void decoded() {
        undecoded = 0;
        uncharge();
    }

    /** Whether a request is being handled; the connection's idle clock starts when it is not. */
    void busy(boolean busy) {
        if (state == State.CUT) {
            return;
        }
        if (busy) {
            state = State.BUSY;
        } else if (state == State.BUSY) {
            state = State.IDLE;
            fresh = false;
            sinceNanos = System.nanoTime();
        }
    }

    /** The sweep: a head that takes too long is 408; a connection idle too long is closed. */
    void checkDeadline(long nowNanos, long headNanos, long keepAliveNanos) {
        if (state == State.HEAD && nowNanos - sinceNanos >= headNanos) {
            cut(408, ErrorPages.badRequest("408", "The request head did not arrive in time."),
                    "request head not complete after " + headNanos / 1_000_000_000 + " s");
        } else if (state == State.IDLE && stillSending()) {
            // the last response is still leaving for a slow reader: not idle yet
            sinceNanos = nowNanos;
        } else if (state == State.IDLE && nowNanos - sinceNanos >= (fresh ? headNanos : keepAliveNanos)) {
            // routine: browsers keep connections open in case; nothing is answered, nothing logged above DEBUG
            LOG.debugf("client connection from %s idle for %d s: closed", channel.remoteAddress(),
                    (nowNanos - sinceNanos) / 1_000_000_000);
            state = State.CUT;
            channel.close();
        }
    }

    private boolean stillSending() {
        ChannelOutboundBuffer out = channel.unsafe().outboundBuffer();
        return out != null && out.totalPendingWriteBytes() > 0;
    }

    State state() {
        return state;
    }

    private void cut(int status, Buffer page, String why) {
        boolean answering = state != State.BUSY;
        state = State.CUT;
        uncharge();
        channel.config().setAutoRead(false);
        if (!answering) {
            // bytes pipelined behind a request whose response is under way: a page now would land inside it
            LOG.warnf("client connection from %s: %s: closed", channel.remoteAddress(), why);
            channel.close();
            return;
        }
        LOG.warnf("client connection from %s: %s: answered %d and closed", channel.remoteAddress(), why, status);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(status), Unpooled.wrappedBuffer(page.getBytes()));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, "text/html; charset=utf-8")
                .set(HttpHeaderNames.CONTENT_LENGTH, page.length())
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        channel.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    private void uncharge() {
        connections.charge(-charged);
        charged = 0;
    }
}
