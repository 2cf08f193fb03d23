package dev.slipway.router.edge;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.util.concurrent.ThreadFactory;

/**
 * The socket layer under the edge: Linux epoll through Netty's native library where it loads
 * (fewer system calls and no selector garbage per read), Java NIO everywhere else or when
 * {@code slipway.router.native-transport} is off.
 */
record EdgeTransport(String name, IoHandlerFactory ioHandlers, Class<? extends ServerChannel> serverChannel,
                     Class<? extends SocketChannel> socketChannel) {

    static EdgeTransport choose(boolean nativeWanted) {
        if (nativeWanted && Epoll.isAvailable()) {
            return new EdgeTransport("epoll", EpollIoHandler.newFactory(), EpollServerSocketChannel.class,
                    EpollSocketChannel.class);
        }
        return new EdgeTransport("nio", NioIoHandler.newFactory(), NioServerSocketChannel.class,
                NioSocketChannel.class);
    }

    boolean isNative() {
        return serverChannel == EpollServerSocketChannel.class;
    }

    /** Why Netty's native library did not load here, or null when it did. */
    static Throwable nativeUnavailabilityCause() {
        return Epoll.unavailabilityCause();
    }

    EventLoopGroup newGroup(int threads, ThreadFactory threadFactory) {
        return new MultiThreadIoEventLoopGroup(threads, threadFactory, ioHandlers);
    }
}
