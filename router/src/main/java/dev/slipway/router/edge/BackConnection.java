package dev.slipway.router.edge;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResultProvider;
import io.netty.util.ReferenceCountUtil;

/**
 * One keep-alive connection to a dyno or a service: the last handler of its pipeline, behind the
 * HTTP client codec. It hands what the dyno sends to the exchange it serves; idle in the pool it
 * serves none, and a dyno that speaks out of turn is hung up on. A connection that saw a fault
 * (an exception that is not plain I/O, a message its decoder could not parse) is closed and never
 * pooled again; the client it was serving in this turn of the loop is hung up on without a flush,
 * since what this connection's decoder handed over may share memory the fault left wrong.
 */
final class BackConnection extends ChannelInboundHandlerAdapter {
    final Object poolKey;
    private final Flushes flushes;
    Channel channel;
    Exchange exchange;
    long idleSinceNanos;
    /** Saw a fault: its codec's state and buffers are not to be trusted; never back in the pool. */
    boolean faulted;
    /** The client this connection last handed a message to, and in which turn of the loop's flushes. */
    private Channel servedClient;
    private long servedTurn = -1;

    BackConnection(Object poolKey, Flushes flushes) {
        this.poolKey = poolKey;
        this.flushes = flushes;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        flushes.readStarted();
        if (msg instanceof DecoderResultProvider decoded && decoded.decoderResult().isFailure()) {
            // not HTTP, or a body the codec could not frame: the codec now drops everything after it
            ReferenceCountUtil.release(msg);
            ConnectionFaults.closedOn("connection to " + channel.remoteAddress() + " (a message it sent is not valid HTTP)",
                    decoded.decoderResult().cause());
            fault(decoded.decoderResult().cause());
            return;
        }
        if (exchange != null) {
            servedClient = exchange.client();
            servedTurn = flushes.turn();
            exchange.fromDyno(msg);
        } else {
            ReferenceCountUtil.release(msg);
            ctx.close();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        flushes.readEnded();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (exchange != null) {
            exchange.dynoWritabilityChanged(ctx.channel().isWritable());
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (exchange != null) {
            exchange.dynoClosed();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // a reset, a malformed response, or a fault in the exchange handling what the dyno sent:
        // closing makes channelInactive tell the exchange
        ConnectionFaults.closedOn("connection to " + ctx.channel().remoteAddress(), cause);
        if (ConnectionFaults.isPlainIo(cause)) {
            ctx.close();
        } else {
            fault(cause);
        }
    }

    private void fault(Throwable cause) {
        faulted = true;
        if (exchange == null && servedClient != null && servedTurn == flushes.turn()) {
            // an exchange that ended in this turn: its last parts are still queued, unflushed, and
            // may be slices of the buffer the fault left wrong
            ConnectionFaults.cutUnflushed(servedClient, "its last response came from " + channel.remoteAddress()
                    + ", which faulted before the response left");
        }
        // the exchange, if any, learns of it from channelInactive and hangs its client up unflushed
        channel.close();
    }
}
