package dev.slipway.builder.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** The words a build ends with: which step failed and why, and Heroku's slug size messages. */
class BuildpackStepsTest {
    @Test
    void aFailedCompileSaysWhichBuildpackAndItsLastErrorLine() {
        BuildpackSteps.LastError last = new BuildpackSteps.LastError();
        last.see("-----> Installing binaries");
        last.see(" !     No Node.js version matches engines.node \"99.x\" in package.json.");
        last.see(" !     Set engines.node to a version that exists and push again.");
        last.see("       some info after it");
        assertEquals("Build failed: heroku/nodejs compile exited with 1: Set engines.node to a version that exists and push again.",
                BuildpackSteps.compileFailed("heroku/nodejs", 1, last.line));
    }

    @Test
    void aFailedCompileWithoutErrorLineSaysTheExitCode() {
        BuildpackSteps.LastError last = new BuildpackSteps.LastError();
        last.see("plain output");
        last.see(" !");
        assertEquals("Build failed: custom compile exited with 2", BuildpackSteps.compileFailed("custom", 2, last.line));
    }

    @Test
    void aLongErrorLineIsCut() {
        BuildpackSteps.LastError last = new BuildpackSteps.LastError();
        last.see(" !     " + "x".repeat(2000));
        assertEquals(501, last.line.length());
    }

    @Test
    void slugSizeWarnsOver300MegabytesAndIsRefusedOver500WithHerokusWords() {
        assertNull(BuildpackSteps.sizeWarning(300L * 1024 * 1024));
        assertEquals("Warning: Your slug size (300.5M) exceeds our soft limit (300M) which may affect boot time.",
                BuildpackSteps.sizeWarning(300L * 1024 * 1024 + 512 * 1024));
        assertEquals(500L * 1024 * 1024, BuildpackSteps.SLUG_LIMIT);
        assertEquals("Compiled slug size is too large (max is 500M).", BuildpackSteps.TOO_LARGE);
    }
}
