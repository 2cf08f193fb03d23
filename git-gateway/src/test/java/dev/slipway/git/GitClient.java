package dev.slipway.git;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The real git binary as a user runs it, isolated from the machine's git configuration. */
final class GitClient {
    record Result(int exit, String output) {}

    private final Path home;

    GitClient() {
        try {
            home = Files.createTempDirectory("git-home");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fresh working repository with the files committed on branch main. */
    Path newRepo(Map<String, String> files) {
        try {
            Path dir = Files.createTempDirectory("work");
            ok(dir, "init", "--quiet", "--initial-branch=main");
            for (var f : files.entrySet()) {
                Path file = dir.resolve(f.getKey());
                Files.createDirectories(file.getParent());
                Files.writeString(file, f.getValue());
            }
            ok(dir, "add", ".");
            ok(dir, "commit", "--quiet", "-m", "first");
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String head(Path dir) {
        return ok(dir, "rev-parse", "HEAD").trim();
    }

    String ok(Path dir, String... args) {
        Result r = run(dir, args);
        if (r.exit() != 0) {
            throw new AssertionError("git " + String.join(" ", args) + " failed: " + r.output());
        }
        return r.output();
    }

    CompletableFuture<Result> async(Path dir, String... args) {
        return CompletableFuture.supplyAsync(() -> run(dir, args));
    }

    Result run(Path dir, String... args) {
        List<String> command = new ArrayList<>(List.of("git", "-c", "credential.helper=", "-c", "user.name=Test",
                "-c", "user.email=test@example.com"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("HOME", home.toString());
        pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
        pb.environment().put("GIT_TERMINAL_PROMPT", "0");
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(3, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError("git " + String.join(" ", args) + " hung: " + out);
            }
            return new Result(p.exitValue(), out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
