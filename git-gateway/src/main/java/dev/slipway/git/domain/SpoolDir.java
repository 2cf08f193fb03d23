package dev.slipway.git.domain;

import dev.slipway.git.config.GatewayConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Where request bodies wait for git, one file per request, deleted when the request ends. A file
 * left by a process that died mid-request is garbage: the directory is emptied at start-up.
 */
@ApplicationScoped
public class SpoolDir {
    private static final Logger LOG = Logger.getLogger(SpoolDir.class);
    private final GatewayConfig config;

    SpoolDir(GatewayConfig config) {
        this.config = config;
    }

    void start(@Observes StartupEvent event) throws IOException {
        Files.createDirectories(config.spoolDir());
        try (Stream<Path> files = Files.list(config.spoolDir())) {
            files.forEach(SpoolDir::deleteQuietly);
        }
    }

    public Path newFile() {
        try {
            Files.createDirectories(config.spoolDir());
            return Files.createFile(config.spoolDir().resolve(UUID.randomUUID() + ".body"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Room for one more body of {@code bytes}, with as much again to spare for the repositories. */
    public boolean hasRoomFor(long bytes) {
        try {
            return Files.getFileStore(config.spoolDir()).getUsableSpace() > 2 * bytes;
        } catch (IOException e) {
            return true; // unknown: git itself fails cleanly on a full disk
        }
    }

    public static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warnf("could not delete %s: %s", file, e.getMessage());
        }
    }
}
