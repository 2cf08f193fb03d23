package dev.slipway.builder.domain;

import dev.slipway.builder.persistence.BuildRepository;
import dev.slipway.kit.Db;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Keeps build_line bounded: the output of each app's newest {@code keep} builds is kept, and the
 * lines of every older, ended build are deleted (the build itself stays, marked
 * {@code output_pruned}). With a build's output capped at 10 MB, an app holds at most
 * {@code keep} x 10 MB of lines, whatever it pushes. Runs at start-up and then periodically, in
 * small batches so no transaction holds many rows.
 */
@ApplicationScoped
public class BuildOutputRetention {
    private static final Logger LOG = Logger.getLogger(BuildOutputRetention.class);
    private static final int BATCH = 100;

    private final Db db;
    private final int keep;
    private final Duration every;
    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("build-output-retention").daemon().factory());

    BuildOutputRetention(Db db, @ConfigProperty(name = "slipway.builder.output-keep-builds") int keep,
                         @ConfigProperty(name = "slipway.builder.output-prune-every") Duration every) {
        this.db = db;
        this.keep = keep;
        this.every = every;
    }

    void start(@Observes StartupEvent event) {
        timer.scheduleWithFixedDelay(this::pruneLogged, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        timer.shutdownNow();
    }

    private void pruneLogged() {
        try {
            int pruned = prune();
            if (pruned > 0) {
                LOG.infof("pruned the output of %d builds (kept each app's newest %d)", pruned, keep);
            }
        } catch (RuntimeException e) {
            LOG.warn("pruning build output failed; next try at the next period", e);
        }
    }

    /** Prunes until nothing is left to prune; the number of builds whose output went. */
    public int prune() {
        int total = 0;
        while (true) {
            int pruned = db.inTransaction(tx -> {
                List<UUID> old = BuildRepository.outputToPrune(tx, keep, BATCH);
                BuildRepository.pruneOutput(tx, old);
                return old.size();
            });
            total += pruned;
            if (pruned < BATCH) {
                return total;
            }
        }
    }
}
