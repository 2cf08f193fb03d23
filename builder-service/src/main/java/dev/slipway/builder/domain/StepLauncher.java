package dev.slipway.builder.domain;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

/** Starts build steps: in a sandbox ({@link SandboxedSteps}), or as plain host processes where an operator opted out. */
interface StepLauncher {
    Running start(Step step) throws IOException;

    /** A started step. {@link #close()} follows its end and removes whatever it left running. */
    interface Running extends AutoCloseable {
        /** stdout and stderr merged (stdout only for a step with quiet errors). */
        InputStream output();

        /** The exit status, or {@link ProcessRunner.TimedOut} (the step is killed) after {@code timeout}. */
        int await(Duration timeout) throws InterruptedException, ProcessRunner.TimedOut;

        void kill();

        @Override
        void close();
    }
}
