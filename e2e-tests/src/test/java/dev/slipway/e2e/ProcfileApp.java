package dev.slipway.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The smallest app a deploy can have: a Procfile serving one static page with Python's http.server
 * (no dependencies to install, so a build is a second), in a real git repository.
 */
final class ProcfileApp {
    /** How long one push may take before it counts as stuck. */
    static final int PUSH_TIMEOUT_SECONDS = 300;

    private final Path dir;

    ProcfileApp(Path dir) {
        this.dir = dir;
        Shell.ok(dir, "git", "init", "-q", "-b", "main");
        Shell.ok(dir, "git", "config", "user.email", "e2e@slipway.local");
        Shell.ok(dir, "git", "config", "user.name", "e2e");
    }

    /** Writes the page saying {@code label} and commits it; returns the commit's sha. */
    String version(String label) {
        return commit(label, Map.of("Procfile", "web: python3 -m http.server --bind 0.0.0.0 $PORT\n",
                "index.html", label + "\n"));
    }

    /** Writes the files (name to content, bytes as ISO-8859-1 chars) and commits them; returns the sha. */
    String commit(String message, Map<String, String> files) {
        try {
            for (Map.Entry<String, String> file : files.entrySet()) {
                Path path = dir.resolve(file.getKey());
                Files.createDirectories(path.getParent());
                Files.deleteIfExists(path);
                Files.write(path, file.getValue().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return commitAll(message);
    }

    /** Replaces {@code name} with a symbolic link to {@code target} and commits it. */
    String link(String message, String name, String target) {
        try {
            Files.deleteIfExists(dir.resolve(name));
            Files.createSymbolicLink(dir.resolve(name), Path.of(target));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return commitAll(message);
    }

    private String commitAll(String message) {
        Shell.ok(dir, "git", "add", "-A");
        Shell.ok(dir, "git", "commit", "-q", "-m", message);
        return Shell.ok(dir, "git", "rev-parse", "HEAD").strip();
    }

    /** A push that ends by itself: exit 124 means it was still running after {@link #PUSH_TIMEOUT_SECONDS}. */
    Shell.Result push(String gitUrl) {
        return Shell.run(dir, Map.of("GIT_TERMINAL_PROMPT", "0"), "timeout", "-k", "10",
                Integer.toString(PUSH_TIMEOUT_SECONDS), "git", "push", "-f", gitUrl, "main");
    }
}
