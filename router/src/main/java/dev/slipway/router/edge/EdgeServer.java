package dev.slipway.router.edge;

import dev.slipway.router.config.RouterConfig;
import dev.slipway.router.domain.HostNames;
import dev.slipway.router.domain.Routing;
import dev.slipway.router.messaging.RouterLogShipper;
import dev.slipway.router.metrics.RouterMetricsShipper;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The public edge: a Netty server of its own (Quarkus keeps its HTTP port for health), started
 * once the routing table is loaded from the database, so the first request after a restart is
 * already routed. Each event loop owns its client connections, their exchanges and its own pool
 * of dyno connections, so a request never changes thread and nothing on its path takes a lock.
 */
@ApplicationScoped
public class EdgeServer {
    private static final Logger LOG = Logger.getLogger(EdgeServer.class);
    private static final long POOL_SWEEP_SECONDS = 10;

    private final RouterConfig config;
    private final Routing routing;
    private final RouterLogShipper logs;
    private final RouterMetricsShipper metrics;
    private final ByteBufAllocator allocator;
    private final Map<EventLoop, EdgeContext> contexts = new IdentityHashMap<>();
    private EventLoopGroup loops;
    private Channel listener;
    private volatile int port;

    EdgeServer(RouterConfig config, Routing routing, RouterLogShipper logs, RouterMetricsShipper metrics,
               EdgeAllocator allocator) {
        this.config = config;
        this.routing = routing;
        this.logs = logs;
        this.metrics = metrics;
        this.allocator = allocator.allocator();
    }

    void start(@Observes @Priority(20) StartupEvent event) throws InterruptedException {
        // fails the start, with the reason, on a JVM whose options break Netty's freeing of direct memory
        try {
            LOG.info(PooledMemoryCheck.verify(allocator));
        } catch (IllegalStateException e) {
            // the console's log handler is asynchronous and the JVM exits right after a failed
            // start: the reason is written straight to stderr too, so it cannot be lost
            System.err.println("router: " + e.getMessage());
            System.err.flush();
            throw e;
        }
        routing.rebuild();
        int listenPort = config.httpPort() > 0 ? config.httpPort() : freePort(config.host());
        EdgeTransport transport = EdgeTransport.choose(config.nativeTransport());
        if (config.nativeTransport() && !transport.isNative()) {
            LOG.infof("native epoll transport unavailable (%s): the edge uses Java NIO",
                    EdgeTransport.nativeUnavailabilityCause());
        }
        loops = transport.newGroup(config.instances(), new DefaultThreadFactory("router-edge", true));
        for (EventExecutor executor : loops) {
            EventLoop loop = (EventLoop) executor;
            contexts.put(loop, newContext(loop, transport, Integer.toString(listenPort)));
        }
        HostNames hostNames = new HostNames(config.domain());
        listener = new ServerBootstrap()
                .group(loops)
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 4096)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.ALLOCATOR, allocator)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        EdgeContext ctx = contexts.get(ch.eventLoop());
                        ClientGuard guard = new ClientGuard(ctx.clients());
                        // Netty answers the bound on the whole head; the per-line and count limits are FrontHandler's;
                        // the time limits and the memory of unfinished heads are the guard's
                        ch.pipeline()
                                .addLast("guard", guard)
                                .addLast("http", new HttpServerCodec(HeadLimits.MAX_LINE, HeadLimits.MAX_HEAD,
                                        HeadLimits.MAX_BODY_PART))
                                .addLast("front", new FrontHandler(ctx, routing, hostNames, config, guard));
                    }
                })
                .bind(config.host(), listenPort)
                .sync()
                .channel();
        port = listenPort;
        LOG.infof("router edge listening on %s:%d (%d event loops, %s)", config.host(), port, config.instances(),
                transport.name());
    }

    private EdgeContext newContext(EventLoop loop, EdgeTransport transport, String publicPort) {
        Flushes flushes = new Flushes(loop);
        BackendPool pool = new BackendPool(loop, transport.socketChannel(), flushes, allocator);
        ClientConnections clients = new ClientConnections(config.headMemory(), config.headTimeout().toNanos(),
                config.keepAliveTimeout().toNanos());
        EdgeContext ctx = new EdgeContext(pool, new Watchdog(), flushes, clients, config.responseTimeout().toNanos(),
                config.idleTimeout().toNanos(), publicPort, logs, metrics.newMeter());
        loop.scheduleAtFixedRate(() -> {
            // a sweep never runs inside a read: a read whose end went unannounced ends here
            ctx.flushes().readEnded();
            long now = System.nanoTime();
            ctx.watchdog().sweep(now);
            ctx.clients().sweep(now);
        }, Watchdog.SWEEP_MILLIS, Watchdog.SWEEP_MILLIS, TimeUnit.MILLISECONDS);
        loop.scheduleAtFixedRate(() -> ctx.pool().sweep(System.nanoTime()), POOL_SWEEP_SECONDS, POOL_SWEEP_SECONDS,
                TimeUnit.SECONDS);
        return ctx;
    }

    void stop(@Observes ShutdownEvent event) {
        if (listener != null) {
            listener.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
            contexts.forEach((loop, ctx) -> loop.execute(() -> ctx.pool().closeAll()));
            loops.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
        }
    }

    /** The port the edge listens on (the configured one, or the free one picked for port 0). */
    public int port() {
        return port;
    }

    /** A free port picked before binding: every event loop's context carries it for X-Forwarded-Port. */
    private static int freePort(String host) {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
