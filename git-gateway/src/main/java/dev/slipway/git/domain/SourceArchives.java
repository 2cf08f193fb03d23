package dev.slipway.git.domain;

import dev.slipway.git.config.GatewayConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * The pushed trees as tar.gz, written by the hook and fetched by the builder. A build starts
 * within minutes of its push, so an archive older than a day is garbage.
 */
@ApplicationScoped
public class SourceArchives {
    private static final Logger LOG = Logger.getLogger(SourceArchives.class);
    private static final Duration KEEP = Duration.ofDays(1);
    private final GatewayConfig config;
    private ScheduledExecutorService timer;

    SourceArchives(GatewayConfig config) {
        this.config = config;
    }

    void start(@Observes StartupEvent event) throws IOException {
        Files.createDirectories(config.sourcesDir());
        timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("source-cleanup").daemon().factory());
        timer.scheduleWithFixedDelay(this::deleteOld, 1, 60, TimeUnit.MINUTES);
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    public Path dir() {
        return config.sourcesDir();
    }

    /** Adopts an archive the hook wrote, if it really is one of ours; empty otherwise. */
    public Optional<Path> adopt(String incoming, UUID pushId) {
        if (incoming == null || incoming.isBlank()) {
            return Optional.empty();
        }
        Path dir = config.sourcesDir().toAbsolutePath().normalize();
        Path file = Path.of(incoming).toAbsolutePath().normalize();
        if (!dir.equals(file.getParent()) || !file.getFileName().toString().startsWith("incoming-")
                || !Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.move(file, dir.resolve(pushId + ".tar.gz"), StandardCopyOption.ATOMIC_MOVE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Optional<Path> find(UUID pushId) {
        Path file = config.sourcesDir().resolve(pushId + ".tar.gz");
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    void deleteOld() {
        Instant cutoff = Instant.now().minus(KEEP);
        try (Stream<Path> files = Files.list(config.sourcesDir())) {
            files.filter(f -> {
                try {
                    return Files.getLastModifiedTime(f).toInstant().isBefore(cutoff);
                } catch (IOException e) {
                    return false;
                }
            }).forEach(f -> {
                try {
                    Files.deleteIfExists(f);
                } catch (IOException e) {
                    LOG.warnf(e, "could not delete %s", f);
                }
            });
        } catch (IOException | RuntimeException e) {
            LOG.warn("source archive cleanup failed", e);
        }
    }
}
