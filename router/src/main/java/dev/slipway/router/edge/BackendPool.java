package dev.slipway.router.edge;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One event loop's keep-alive connections to dynos and services, by target: a connection is
 * only ever used on the loop that made it, so a request never changes thread and the pool needs
 * no lock. The most recently used idle connection is taken first; idle ones are closed after 90 s.
 */
final class BackendPool {
    static final int MAX_IDLE_PER_TARGET = 1000;
    static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(90);
    static final int CONNECT_TIMEOUT_MILLIS = 5_000;

    private final EventLoop eventLoop;
    private final Class<? extends SocketChannel> channelType;
    private final Flushes flushes;
    private final ByteBufAllocator allocator;
    private final Map<Object, Target> targets = new HashMap<>();

    BackendPool(EventLoop eventLoop, Class<? extends SocketChannel> channelType, Flushes flushes,
                ByteBufAllocator allocator) {
        this.eventLoop = eventLoop;
        this.allocator = allocator;
        this.channelType = channelType;
        this.flushes = flushes;
    }

    /** An open idle connection to the target, or null when there is none. */
    BackConnection takeIdle(Object key) {
        Target target = targets.get(key);
        if (target == null) {
            return null;
        }
        BackConnection c;
        while ((c = target.idle.pollLast()) != null) {
            if (c.channel.isActive()) {
                return c;
            }
        }
        return null;
    }

    /** Opens a new connection on this event loop; its {@link BackConnection} is in the pipeline once it completes. */
    ChannelFuture connect(Object key, String host, int port) {
        Target target = targets.computeIfAbsent(key, k -> new Target());
        if (target.address == null) {
            target.address = new InetSocketAddress(host, port);
        }
        return new Bootstrap()
                .group(eventLoop)
                .channel(channelType)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MILLIS)
                .option(ChannelOption.ALLOCATOR, allocator)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                                .addLast("http", new HttpClientCodec(HeadLimits.MAX_LINE, HeadLimits.MAX_HEAD,
                                        HeadLimits.MAX_BODY_PART))
                                .addLast("dyno", new BackConnection(key, flushes));
                    }
                })
                .connect(target.address);
    }

    /** Keeps a connection whose exchange has ended cleanly for the next request to the same target. */
    void giveBack(BackConnection c, long nowNanos) {
        Target target = targets.computeIfAbsent(c.poolKey, k -> new Target());
        if (target.idle.size() >= MAX_IDLE_PER_TARGET || !c.channel.isActive() || c.faulted) {
            c.channel.close();
            return;
        }
        c.idleSinceNanos = nowNanos;
        target.idle.addLast(c);
    }

    /** Drops closed connections and closes those idle for too long; forgets targets left without any. */
    void sweep(long nowNanos) {
        for (Iterator<Target> it = targets.values().iterator(); it.hasNext(); ) {
            ArrayDeque<BackConnection> idle = it.next().idle;
            for (Iterator<BackConnection> c = idle.iterator(); c.hasNext(); ) {
                BackConnection conn = c.next();
                if (!conn.channel.isActive() || nowNanos - conn.idleSinceNanos >= IDLE_NANOS) {
                    conn.channel.close();
                    c.remove();
                }
            }
            if (idle.isEmpty()) {
                it.remove();
            }
        }
    }

    void closeAll() {
        targets.values().forEach(t -> t.idle.forEach(c -> c.channel.close()));
        targets.clear();
    }

    /** A dyno's or service's address (resolved once) and its idle connections. */
    private static final class Target {
        InetSocketAddress address;
        final ArrayDeque<BackConnection> idle = new ArrayDeque<>();
    }
}
