package dev.slipway.router.edge;

import dev.slipway.router.config.RouterConfig;
import dev.slipway.router.domain.Routing;
import dev.slipway.router.messaging.RouterLogShipper;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Starts the public edge on Quarkus' Vert.x once the routing table is loaded from the database,
 * so the first request after a restart is already routed.
 */
@ApplicationScoped
public class EdgeServer {
    private static final Logger LOG = Logger.getLogger(EdgeServer.class);

    private final Vertx vertx;
    private final RouterConfig config;
    private final Routing routing;
    private final RouterLogShipper logs;
    private volatile int port;
    private volatile String deploymentId;

    EdgeServer(Vertx vertx, RouterConfig config, Routing routing, RouterLogShipper logs) {
        this.vertx = vertx;
        this.logs = logs;
        this.config = config;
        this.routing = routing;
    }

    void start(@Observes @Priority(20) StartupEvent event) throws Exception {
        routing.rebuild();
        int listenPort = config.httpPort() > 0 ? config.httpPort() : freePort(config.host());
        deploymentId = vertx.deployVerticle(() -> new EdgeVerticle(config, routing, logs, listenPort),
                        new DeploymentOptions().setInstances(config.instances()))
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        port = listenPort;
        LOG.infof("router edge listening on %s:%d (%d event loops)", config.host(), listenPort, config.instances());
    }

    void stop(@Observes ShutdownEvent event) throws Exception {
        if (deploymentId != null) {
            vertx.undeploy(deploymentId).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    /** The port the edge listens on (the configured one, or the free one picked for port 0). */
    public int port() {
        return port;
    }

    /** Every edge instance must share one port, and Vert.x shares an explicit port, not port 0. */
    private static int freePort(String host) {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
