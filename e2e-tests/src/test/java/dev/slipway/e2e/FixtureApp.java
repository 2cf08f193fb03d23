package dev.slipway.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.stream.Stream;

/**
 * An app of one language, copied from {@code src/test/fixtures/<name>} into a real git
 * repository of its own and committed: what a user pushes, unmodified.
 */
final class FixtureApp implements PushableApp {
    private static final Path FIXTURES = Path.of("src/test/fixtures");
    private final Path dir;

    private FixtureApp(Path dir) {
        this.dir = dir;
    }

    /** A repository at {@code dir} holding fixture {@code name}, committed on {@code main}. */
    static FixtureApp of(String name, Path dir) {
        Path from = FIXTURES.resolve(name);
        if (!Files.isDirectory(from)) {
            throw new IllegalArgumentException("no fixture " + from.toAbsolutePath());
        }
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = dir.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Shell.ok(dir, "git", "init", "-q", "-b", "main");
        Shell.ok(dir, "git", "config", "user.email", "e2e@slipway.local");
        Shell.ok(dir, "git", "config", "user.name", "e2e");
        return new FixtureApp(dir).commit("fixture " + name);
    }

    Path dir() {
        return dir;
    }

    /** Writes {@code content} to {@code file} (relative to the app) and commits it. */
    FixtureApp change(String file, String content) {
        try {
            Files.createDirectories(dir.resolve(file).getParent());
            Files.writeString(dir.resolve(file), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return commit("change " + file);
    }

    /** An empty commit: a push of the same tree, whose dependencies did not change. */
    FixtureApp touch() {
        Shell.ok(dir, "git", "commit", "-q", "--allow-empty", "-m", "again");
        return this;
    }

    @Override
    public Shell.Result push(String gitUrl) {
        return Shell.run(dir, Map.of("GIT_TERMINAL_PROMPT", "0"), "git", "push", gitUrl, "main");
    }

    private FixtureApp commit(String message) {
        Shell.ok(dir, "git", "add", "-A");
        Shell.ok(dir, "git", "commit", "-q", "-m", message);
        return this;
    }
}
