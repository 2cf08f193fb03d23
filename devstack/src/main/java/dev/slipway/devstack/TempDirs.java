package dev.slipway.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The throw-away directories of test runs, under {@code $TMPDIR/slipway-devstack/<pid>-<random>}.
 * The pid in the name lets the next run remove what a killed test JVM left behind, including a
 * PostgreSQL server that outlived it (a broker child exits by itself when its parent dies).
 */
final class TempDirs {
    private static final Path BASE = Path.of(System.getProperty("java.io.tmpdir"), "slipway-devstack");

    private TempDirs() {}

    static Path newRunDirectory() {
        try {
            Files.createDirectories(BASE);
            removeOrphans();
            Path dir = BASE.resolve(ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8));
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("could not create a directory under " + BASE, e);
        }
    }

    private static void removeOrphans() throws IOException {
        try (Stream<Path> runs = Files.list(BASE)) {
            runs.filter(TempDirs::ownerIsGone).forEach(run -> {
                PostgresServer.stopOrphan(run.resolve("postgres"), run.resolve("postgres.log"));
                deleteTree(run);
            });
        }
    }

    private static boolean ownerIsGone(Path run) {
        String name = run.getFileName().toString();
        int dash = name.indexOf('-');
        if (dash <= 0) {
            return false;
        }
        try {
            long pid = Long.parseLong(name.substring(0, dash));
            return ProcessHandle.of(pid).map(handle -> !handle.isAlive()).orElse(true);
        } catch (NumberFormatException e) {
            return false; // not one of ours
        }
    }

    /** Deletes a directory tree, best effort: what is still in use is left for the next clean-up. */
    static void deleteTree(Path root) {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException ignored) {
                    // best effort
                }
            });
        } catch (IOException | UncheckedIOException ignored) {
            // best effort
        }
    }
}
