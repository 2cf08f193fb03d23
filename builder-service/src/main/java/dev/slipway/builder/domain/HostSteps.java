package dev.slipway.builder.domain;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Build steps as plain host processes, for a host that cannot sandbox and whose operator opted
 * out ({@code SLIPWAY_UNSAFE_UNSANDBOXED=true}): the paths a step names inside ({@code /app}, ...)
 * are translated to their host directories, and the step runs as the builder's own user with a
 * clean environment. No walls: tests of the builder's own logic, or a trusted single-tenant host.
 */
final class HostSteps implements StepLauncher {
    @Override
    public Running start(Step step) throws IOException {
        List<String> args = step.args().stream().map(a -> host(step, a)).toList();
        ProcessBuilder pb = new ProcessBuilder(args).directory(Path.of(host(step, step.cwd())).toFile());
        // never hand the platform's own secrets (database password, ...) to user code
        pb.environment().clear();
        step.env().forEach((k, v) -> pb.environment().put(k, host(step, v)));
        if (step.quietErrors()) {
            pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        } else {
            pb.redirectErrorStream(true);
        }
        Process process = pb.start();
        process.getOutputStream().close();
        return new Running() {
            @Override
            public InputStream output() {
                return process.getInputStream();
            }

            @Override
            public int await(Duration timeout) throws InterruptedException, ProcessRunner.TimedOut {
                try {
                    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                        kill();
                        throw new ProcessRunner.TimedOut();
                    }
                    return process.exitValue();
                } catch (InterruptedException e) {
                    kill();
                    throw e;
                }
            }

            @Override
            public void kill() {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }

            @Override
            public void close() {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
            }
        };
    }

    /** {@code /app/x} → {@code <build dir>/x}, for each mount; anything else unchanged. */
    static String host(Step step, String value) {
        for (Step.Mount m : step.mounts()) {
            if (value.equals(m.inside())) {
                return m.host().toString();
            }
            if (value.startsWith(m.inside() + "/")) {
                return m.host() + value.substring(m.inside().length());
            }
        }
        return value;
    }
}
