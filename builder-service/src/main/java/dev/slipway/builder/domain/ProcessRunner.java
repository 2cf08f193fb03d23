package dev.slipway.builder.domain;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs buildpack scripts and git with a clean environment, a working directory, a time limit and
 * a bound on what it reads back: output is never buffered without limit, whatever a script prints.
 */
final class ProcessRunner {
    /** What bin/detect, bin/release and git may print before they are stopped. */
    static final int CAPTURE_LIMIT = 1024 * 1024;

    /** Thrown when the process ran past its limit and was killed. */
    static final class TimedOut extends Exception {
        TimedOut() {
            super("timed out");
        }
    }

    /** Thrown when the process printed more than its bound and was killed. */
    static final class TooMuchOutput extends Exception {
        TooMuchOutput() {
            super("too much output");
        }
    }

    record Captured(int exitCode, String stdout) {}

    private ProcessRunner() {}

    /**
     * Streams stdout and stderr merged, line by line (split at {@link LineSplitter#MAX_LINE}
     * bytes), as the process writes them. When the sink refuses a line the process is killed.
     */
    static int stream(List<String> command, Path dir, Map<String, String> env, Duration timeout,
                      LineSplitter.Sink lines) throws IOException, InterruptedException, TimedOut, TooMuchOutput {
        Process process = builder(command, dir, env).redirectErrorStream(true).start();
        process.getOutputStream().close();
        AtomicBoolean refused = new AtomicBoolean();
        Thread reader = Thread.ofVirtual().start(() -> {
            try (InputStream in = process.getInputStream()) {
                if (LineSplitter.split(in, lines)) {
                    refused.set(true);
                    kill(process);
                }
            } catch (IOException ignored) {
                // the process was killed or closed its output: nothing more to read
            }
        });
        int exit = await(process, timeout);
        // a daemon the script left behind may keep the pipe open; do not wait on it for ever
        reader.join(Duration.ofSeconds(5));
        if (refused.get()) {
            throw new TooMuchOutput();
        }
        return exit;
    }

    /** Collects stdout, up to {@link #CAPTURE_LIMIT} bytes (stderr discarded): for bin/detect, bin/release and git. */
    static Captured capture(List<String> command, Path dir, Map<String, String> env, Duration timeout)
            throws IOException, InterruptedException, TimedOut, TooMuchOutput {
        Process process = builder(command, dir, env).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        process.getOutputStream().close();
        byte[][] read = {new byte[0]};
        Thread reader = Thread.ofVirtual().start(() -> {
            try (InputStream in = process.getInputStream()) {
                byte[] bytes = in.readNBytes(CAPTURE_LIMIT + 1);
                synchronized (read) {
                    read[0] = bytes;
                }
                if (bytes.length > CAPTURE_LIMIT) {
                    kill(process);
                }
            } catch (IOException ignored) {
                // killed: what was read so far is all there is
            }
        });
        int exit = await(process, timeout);
        reader.join(Duration.ofSeconds(5));
        synchronized (read) {
            if (read[0].length > CAPTURE_LIMIT) {
                throw new TooMuchOutput();
            }
            return new Captured(exit, new String(read[0], StandardCharsets.UTF_8));
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
