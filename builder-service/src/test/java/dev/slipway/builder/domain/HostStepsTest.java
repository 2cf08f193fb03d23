package dev.slipway.builder.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's opt-out launcher (plain host processes) and the process runner's bounds, with
 * real processes (the host's sh) on a temp dir: nothing is faked.
 */
class HostStepsTest {
    @TempDir
    Path tmp;

    @Test
    void pathsInsideAreTranslatedToTheirHostDirectories() throws Exception {
        Path app = Files.createDirectories(tmp.resolve("app"));
        Step step = step(List.of("/bin/sh", "-c", "pwd; echo $HOME; echo \"$1\"; echo \"${JAVA_HOME:-unset}\"", "sh", "/app/x"), app);
        ProcessRunner.Captured out = ProcessRunner.capture(new HostSteps(), step, Duration.ofSeconds(10));
        assertEquals(0, out.exitCode());
        List<String> lines = out.stdout().lines().toList();
        assertEquals(app.toRealPath().toString(), lines.get(0));
        assertEquals(tmp.resolve("home").toString(), lines.get(1));
        assertEquals(app + "/x", lines.get(2));
        assertEquals("unset", lines.get(3), "a clean environment, nothing of the service's own");
    }

    @Test
    void aStepPastItsTimeIsKilled() throws Exception {
        long start = System.nanoTime();
        assertThrows(ProcessRunner.TimedOut.class, () -> ProcessRunner.capture(new HostSteps(),
                step(List.of("/bin/sh", "-c", "sleep 30"), Files.createDirectories(tmp.resolve("app"))),
                Duration.ofMillis(300)));
        assertTrue(System.nanoTime() - start < 10_000_000_000L);
    }

    @Test
    void capturedOutputIsBounded() throws Exception {
        assertThrows(ProcessRunner.TooMuchOutput.class, () -> ProcessRunner.capture(new HostSteps(),
                step(List.of("/bin/sh", "-c", "yes"), Files.createDirectories(tmp.resolve("app"))),
                Duration.ofSeconds(30)));
    }

    private Step step(List<String> args, Path app) {
        return new Step("t", 1, args, Map.of("HOME", "/home/build", "PATH", "/usr/bin:/bin", "LANG", "C.UTF-8"), "/app",
                List.of(new Step.Mount(app, "/app", true), new Step.Mount(tmp.resolve("home"), "/home/build", true)),
                false, true);
    }
}
