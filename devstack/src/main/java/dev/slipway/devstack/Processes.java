package dev.slipway.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The little process plumbing the devstack parts share: run a tool, stop a process, read a log's tail. */
final class Processes {
    private static final Path SETSID = findSetsid();

    private Processes() {}

    /**
     * The command in a session of its own, when util-linux' setsid exists. Ctrl-C in the terminal of
     * `./slipway up` then reaches only the launcher, which stops the parts in order (router first,
     * PostgreSQL last) instead of every process dying at once. A child of the JVM is never a process
     * group leader, so setsid execs in place and the pid stays the command's own.
     */
    static List<String> inOwnSession(List<String> command) {
        if (SETSID == null) {
            return command;
        }
        List<String> wrapped = new ArrayList<>();
        wrapped.add(SETSID.toString());
        wrapped.addAll(command);
        return wrapped;
    }

    /** Runs a short command to completion, appending its output to {@code log}; fails with the log's tail. */
    static void run(List<String> command, Path log, Duration timeout) {
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(describe(command) + " did not finish within " + timeout
                        + "; see " + log + "\n" + tail(log, 20));
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(describe(command) + " failed with exit code " + process.exitValue()
                        + "; see " + log + "\n" + tail(log, 20));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + describe(command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + describe(command), e);
        }
    }

    /** SIGTERM, then SIGKILL once {@code grace} has passed; returns when the process is gone. */
    static void terminate(ProcessHandle process, Duration grace) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            process.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            process.destroyForcibly();
            process.onExit().orTimeout(10, TimeUnit.SECONDS).join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The last lines of a log file, for error messages; empty when there is no log yet. */
    static String tail(Path log, int lines) {
        try {
            if (!Files.exists(log)) {
                return "";
            }
            List<String> all = Files.readAllLines(log, java.nio.charset.StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(could not read " + log + ": " + e.getMessage() + ")";
        }
    }

    /** Whether a process with this pid is alive and its command line contains {@code marker}. */
    static boolean isAlive(long pid, String marker) {
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .flatMap(handle -> handle.info().commandLine())
                .map(commandLine -> commandLine.contains(marker))
                .orElse(false);
    }

    private static String describe(List<String> command) {
        return String.join(" ", command);
    }

    private static Path findSetsid() {
        for (String dir : List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin")) {
            Path candidate = Path.of(dir, "setsid");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
