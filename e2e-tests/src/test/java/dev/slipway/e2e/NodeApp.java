package dev.slipway.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** A small Node.js web app with one npm dependency, in a real git repository. */
final class NodeApp implements PushableApp {
    private final Path dir;

    NodeApp(Path dir) {
        this.dir = dir;
        Shell.ok(dir, "git", "init", "-q", "-b", "main");
        Shell.ok(dir, "git", "config", "user.email", "e2e@slipway.local");
        Shell.ok(dir, "git", "config", "user.name", "e2e");
    }

    /** Writes the app answering with {@code label}, its dyno, pid and GREETING, and commits it. */
    NodeApp version(String label) {
        write("package.json", """
                {
                  "name": "hello",
                  "version": "1.0.0",
                  "private": true,
                  "scripts": { "start": "node server.js" },
                  "dependencies": { "ms": "2.1.3" }
                }
                """);
        write("server.js", """
                const http = require('http');
                const ms = require('ms');
                const boot = Math.random().toString(36).slice(2);
                http.createServer((req, res) => {
                  res.end(`%s dyno=${process.env.DYNO} boot=${boot} greeting=${process.env.GREETING || ''} ${ms(60000)}\\n`);
                }).listen(process.env.PORT, () => console.log(`listening on ${process.env.PORT}`));
                """.formatted(label));
        return commit(label);
    }

    /**
     * Gives the build a {@code heroku-postbuild} that takes {@code seconds}: a warm push is over in
     * about a second, too soon to watch it run.
     */
    NodeApp withSlowBuild(int seconds) {
        write("package.json", """
                {
                  "name": "hello",
                  "version": "1.0.0",
                  "private": true,
                  "scripts": { "start": "node server.js", "heroku-postbuild": "sleep %d" },
                  "dependencies": { "ms": "2.1.3" }
                }
                """.formatted(seconds));
        return commit("slow build");
    }

    /** Adds a Procfile with a {@code worker} beside {@code web}: the worker logs a line and stays up. */
    NodeApp withWorker() {
        write("Procfile", "web: node server.js\nworker: node worker.js\n");
        write("worker.js", "console.log('worker started');\nsetInterval(() => {}, 60000);\n");
        return commit("worker");
    }

    Path dir() {
        return dir;
    }

    NodeApp brokenPackageJson() {
        write("package.json", "{ this is not json");
        return commit("broken");
    }

    private NodeApp commit(String message) {
        Shell.ok(dir, "git", "add", "-A");
        Shell.ok(dir, "git", "commit", "-q", "-m", message);
        return this;
    }

    @Override
    public Shell.Result push(String gitUrl) {
        return Shell.run(dir, Map.of("GIT_TERMINAL_PROMPT", "0"), "git", "push", gitUrl, "main");
    }

    private void write(String name, String content) {
        try {
            Files.writeString(dir.resolve(name), content);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
