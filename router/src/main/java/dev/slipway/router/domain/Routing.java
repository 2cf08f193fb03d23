package dev.slipway.router.domain;

import dev.slipway.kit.Db;
import dev.slipway.router.config.RouterConfig;
import dev.slipway.router.persistence.RoutingRepository;
import jakarta.inject.Singleton;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * Holds the current {@link RoutingTable}. Rebuilt from the database after every applied event
 * and at start-up, so a restarted router routes at once; the edge only ever reads the snapshot
 * (a {@code @Singleton}, so the edge's read on every request goes through no client proxy).
 */
@Singleton
public class Routing {
    private static final Logger LOG = Logger.getLogger(Routing.class);

    private final Db db;
    private final RoutingRepository repository;
    private final String domain;
    private final AtomicReference<RoutingTable> current = new AtomicReference<>(RoutingTable.EMPTY);

    Routing(Db db, RoutingRepository repository, RouterConfig config) {
        this.db = db;
        this.repository = repository;
        this.domain = config.domain();
    }

    public RoutingTable table() {
        return current.get();
    }

    /** Synchronized so two rebuilds never race and drop the newer one. */
    public synchronized void rebuild() {
        RoutingRows rows = db.read(repository::loadAll);
        RoutingTable next = RoutingTable.build(domain, rows, current.get());
        current.set(next);
        LOG.debugf("routing table rebuilt: %d hosts", next.hostCount());
    }
}
