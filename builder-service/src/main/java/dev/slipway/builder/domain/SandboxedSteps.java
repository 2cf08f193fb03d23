package dev.slipway.builder.domain;

import dev.slipway.kit.sandbox.Sandbox;
import dev.slipway.kit.sandbox.SandboxSpec;
import dev.slipway.kit.sandbox.Sandboxes;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Build steps in the kit's sandboxes (runc), with a dyno's walls: own PID, mount, UTS, IPC and
 * network namespaces, the app's own unprivileged uid, no capabilities, no_new_privs, seccomp,
 * read-only /usr and /etc, a private /tmp, memory and process limits, and (for steps that need
 * it) outbound network through NAT that never reaches the host. The step sees only its mounts.
 * Its end ({@link Running#close()}) removes the container with every process it left.
 */
final class SandboxedSteps implements StepLauncher {
    /** A build gets a performance-M dyno's memory: npm installs are hungrier than the apps they build. */
    static final SandboxSpec.Limits LIMITS = new SandboxSpec.Limits(2560L * 1024 * 1024, 1024, 1024);
    private static final long TMP_BYTES = 512L * 1024 * 1024;

    private final Sandboxes sandboxes;
    private final AtomicLong counter = new AtomicLong();

    SandboxedSteps(Sandboxes sandboxes) {
        this.sandboxes = sandboxes;
    }

    @Override
    public Running start(Step step) throws IOException {
        List<String> args = new ArrayList<>();
        if (step.quietErrors()) {
            args.addAll(List.of("/bin/sh", "-c", "exec \"$0\" \"$@\" 2>/dev/null"));
        }
        args.addAll(step.args());
        List<SandboxSpec.Bind> binds = step.mounts().stream()
                .map(m -> new SandboxSpec.Bind(m.host().toAbsolutePath(), m.inside(), m.writable())).toList();
        String id = sandboxes.prefix() + step.name() + "-" + counter.incrementAndGet();
        Sandbox sandbox = sandboxes.start(new SandboxSpec(id, "build", step.uid(), step.uid(), args, step.env(),
                step.cwd(), binds, TMP_BYTES, LIMITS, step.network()));
        return new Running() {
            @Override
            public InputStream output() {
                return sandbox.output();
            }

            @Override
            public int await(Duration timeout) throws InterruptedException, ProcessRunner.TimedOut {
                try {
                    return sandbox.exited().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    kill();
                    throw new ProcessRunner.TimedOut();
                } catch (InterruptedException e) {
                    kill();
                    throw e;
                } catch (ExecutionException e) {
                    throw new IllegalStateException("sandbox " + id + " ended abnormally", e.getCause());
                }
            }

            @Override
            public void kill() {
                sandbox.signal("KILL");
            }

            @Override
            public void close() {
                sandbox.close();
            }
        };
    }
}
