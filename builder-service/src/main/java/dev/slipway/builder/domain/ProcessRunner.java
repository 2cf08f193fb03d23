package dev.slipway.builder.domain;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs build steps (buildpack scripts, git) through a {@link StepLauncher} with a time limit and
 * a bound on what it reads back: output is never buffered without limit, whatever a step prints.
 * A step's end always removes what it left running.
 */
final class ProcessRunner {
    /** What bin/detect, bin/release and git may print before they are stopped. */
    static final int CAPTURE_LIMIT = 1024 * 1024;

    /** Thrown when the step ran past its limit and was killed. */
    static final class TimedOut extends Exception {
        TimedOut() {
            super("timed out");
        }
    }

    /** Thrown when the step printed more than its bound and was killed. */
    static final class TooMuchOutput extends Exception {
        TooMuchOutput() {
            super("too much output");
        }
    }

    record Captured(int exitCode, String stdout) {}

    private ProcessRunner() {}

    /**
     * Streams the step's output line by line (split at {@link LineSplitter#MAX_LINE} bytes) as it
     * is written. When the sink refuses a line the step is killed.
     */
    static int stream(StepLauncher launcher, Step step, Duration timeout, LineSplitter.Sink lines)
            throws IOException, InterruptedException, TimedOut, TooMuchOutput {
        try (StepLauncher.Running running = launcher.start(step)) {
            AtomicBoolean refused = new AtomicBoolean();
            Thread reader = Thread.ofVirtual().start(() -> {
                try (InputStream in = running.output()) {
                    if (LineSplitter.split(in, lines)) {
                        refused.set(true);
                        running.kill();
                    }
                } catch (IOException ignored) {
                    // the step was killed or closed its output: nothing more to read
                }
            });
            int exit = running.await(timeout);
            // a daemon the step left behind may keep the pipe open; do not wait on it for ever
            reader.join(Duration.ofSeconds(5));
            if (refused.get()) {
                throw new TooMuchOutput();
            }
            return exit;
        }
    }

    /** Collects the output, up to {@link #CAPTURE_LIMIT} bytes: for bin/detect, bin/release and git. */
    static Captured capture(StepLauncher launcher, Step step, Duration timeout)
            throws IOException, InterruptedException, TimedOut, TooMuchOutput {
        try (StepLauncher.Running running = launcher.start(step)) {
            byte[][] read = {new byte[0]};
            Thread reader = Thread.ofVirtual().start(() -> {
                try (InputStream in = running.output()) {
                    byte[] bytes = in.readNBytes(CAPTURE_LIMIT + 1);
                    synchronized (read) {
                        read[0] = bytes;
                    }
                    if (bytes.length > CAPTURE_LIMIT) {
                        running.kill();
                    }
                } catch (IOException ignored) {
                    // killed: what was read so far is all there is
                }
            });
            int exit = running.await(timeout);
            reader.join(Duration.ofSeconds(5));
            synchronized (read) {
                if (read[0].length > CAPTURE_LIMIT) {
                    throw new TooMuchOutput();
                }
                return new Captured(exit, new String(read[0], StandardCharsets.UTF_8));
            }
        }
    }
}
