package dev.slipway.kit;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Wires the kit into a Quarkus service: {@link Db}, {@link Outbox} and {@link AccessGuard} to
 * inject, and at start-up the kit's migrations, the outbox relay, the event consumer, which feeds
 * every {@link EventHandler} bean of the service plus the kit's {@link AccessDirectory}, and the
 * pruning of the kit's tables ({@link KitRetention}).
 * The service names itself with {@code slipway.service} (producer and consumer group).
 */
@ApplicationScoped
public class KitBeans {
    private final DataSource dataSource;
    private final String service;
    private final String bootstrapServers;
    private final Db db;
    private OutboxRelay relay;
    private EventConsumerLoop consumer;
    private KitRetention retention;
    private volatile boolean started;

    KitBeans(DataSource dataSource, @ConfigProperty(name = "slipway.service") String service,
             @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.dataSource = dataSource;
        this.service = service;
        this.bootstrapServers = bootstrapServers;
        this.db = new Db(dataSource);
    }

    @Produces
    @Singleton
    Db db() {
        return db;
    }

    @Produces
    @Singleton
    Outbox outbox() {
        return new Outbox(service);
    }

    @Produces
    @Singleton
    AccessGuard accessGuard() {
        return new AccessGuard(db);
    }

    void start(@Observes @Priority(10) StartupEvent event, Instance<EventHandler> handlers) {
        KitMigrations.migrate(dataSource);
        relay = new OutboxRelay(db, bootstrapServers, service).start();
        List<EventHandler> all = new ArrayList<>();
        all.add(new AccessDirectory());
        handlers.forEach(all::add);
        consumer = new EventConsumerLoop(db, all, bootstrapServers, service).start();
        retention = new KitRetention(db).start();
        started = true;
    }

    void stop(@Observes ShutdownEvent event) {
        if (retention != null) {
            retention.close();
        }
        if (consumer != null) {
            consumer.close();
        }
        if (relay != null) {
            relay.close();
        }
    }

    public boolean started() {
        return started;
    }
}
