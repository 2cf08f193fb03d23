package dev.slipway.router.edge;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

/**
 * One keep-alive connection to a dyno or a service: the last handler of its pipeline, behind the
 * HTTP client codec. It hands what the dyno sends to the exchange it serves; idle in the pool it
 * serves none, and a dyno that speaks out of turn is hung up on.
 */
final class BackConnection extends ChannelInboundHandlerAdapter {
    final Object poolKey;
    private final Flushes flushes;
    Channel channel;
    Exchange exchange;
    long idleSinceNanos;

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
        if (exchange != null) {
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
        ctx.close();
    }
}
