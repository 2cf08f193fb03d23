package dev.slipway.builder.domain;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Runs buildpack scripts and git with a clean environment, a working directory and a time limit. */
final class ProcessRunner {
    /** Thrown when the process ran past its limit and was killed. */
    static final class TimedOut extends Exception {
        TimedOut() {
            super("timed out");
        }
    }

    record Captured(int exitCode, String stdout) {}

    private ProcessRunner() {}

    /** Streams stdout and stderr merged, line by line, as the process writes them. */
    static int stream(List<String> command, Path dir, Map<String, String> env, Duration timeout,
                      Consumer<String> lines) throws IOException, InterruptedException, TimedOut {
        ProcessBuilder pb = builder(command, dir, env).redirectErrorStream(true);
        Process process = pb.start();
        process.getOutputStream().close();
        Thread reader = Thread.ofVirtual().start(() -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    lines.accept(line);
                }
            } catch (IOException ignored) {
                // the process was killed or closed its output: nothing more to read
            }
        });
        int exit = await(process, timeout);
        // a daemon the script left behind may keep the pipe open; do not wait on it for ever
        reader.join(Duration.ofSeconds(5));
        return exit;
    }

    /** Collects stdout (stderr discarded): for bin/detect, bin/release and git. */
    static Captured capture(List<String> command, Path dir, Map<String, String> env, Duration timeout)
            throws IOException, InterruptedException, TimedOut {
        ProcessBuilder pb = builder(command, dir, env).redirectError(ProcessBuilder.Redirect.DISCARD);
        Process process = pb.start();
        process.getOutputStream().close();
        StringBuilder out = new StringBuilder();
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                out.append(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException ignored) {
                // killed: what was read so far is all there is
            }
        });
        int exit = await(process, timeout);
        reader.join(Duration.ofSeconds(5));
        synchronized (out) {
            return new Captured(exit, out.toString());
        }
    }

    private static ProcessBuilder builder(List<String> command, Path dir, Map<String, String> env) {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        // never hand the platform's own secrets (database password, ...) to user code
        pb.environment().clear();
        pb.environment().putAll(env);
        return pb;
    }

    private static int await(Process process, Duration timeout) throws InterruptedException, TimedOut {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(process);
                throw new TimedOut();
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            kill(process);
            throw e;
        }
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }
}
