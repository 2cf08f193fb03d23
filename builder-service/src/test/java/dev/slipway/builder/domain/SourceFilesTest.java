package dev.slipway.builder.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pure unit test of reading the app's files without leaving the tree, on a temp dir: nothing is faked. */
class SourceFilesTest {
    @TempDir
    Path tmp;
    private Path app;
    private Path secret;

    @BeforeEach
    void tree() throws IOException {
        app = Files.createDirectories(tmp.resolve("work/build/app"));
        secret = Files.writeString(tmp.resolve("api-key"), "slw_secret");
    }

    @Test
    void aLinkToAnAbsolutePathOutsideIsRefusedAndTheTargetNeverRead() throws IOException {
        Files.createSymbolicLink(app.resolve("Procfile"), secret);
        String message = refusal("Procfile");
        assertEquals("Procfile is a symbolic link that leads outside the app (to " + secret + "): the builder does "
                + "not follow links out of the app. Commit the file itself and push again.", message);
        assertFalse(message.contains("slw_secret"));
    }

    @Test
    void aRelativeLinkClimbingOutIsRefused() throws IOException {
        Files.createSymbolicLink(app.resolve("Procfile"), Path.of("../../../api-key"));
        assertTrue(refusal("Procfile").startsWith("Procfile is a symbolic link that leads outside the app (to ../../../api-key)"));
    }

    @Test
    void aChainThroughADirectoryLinkIsRefused() throws IOException {
        Files.createSymbolicLink(app.resolve("up"), Path.of(".."));
        Files.createSymbolicLink(app.resolve("Procfile"), Path.of("up/../../api-key"));
        assertTrue(refusal("Procfile").contains("leads outside the app"));
    }

    @Test
    void aLinkInsideTheTreeIsFollowed() throws Exception {
        Files.createDirectories(app.resolve("config"));
        Files.writeString(app.resolve("config/Procfile.prod"), "web: ./run\n");
        Files.createSymbolicLink(app.resolve("Procfile"), Path.of("config/Procfile.prod"));
        assertEquals("web: ./run\n", SourceFiles.readText(app, "Procfile", 1024));
    }

    @Test
    void anAbsoluteLinkUnderAppMeansTheBuildDir() throws Exception {
        Files.writeString(app.resolve("Procfile.real"), "web: ./x\n");
        Files.createSymbolicLink(app.resolve("Procfile"), Path.of("/app/Procfile.real"));
        assertEquals("web: ./x\n", SourceFiles.readText(app, "Procfile", 1024));
    }

    @Test
    void loopsMissingFilesSizesAndEncodingsHaveAnswers() throws Exception {
        assertNull(SourceFiles.readText(app, "Procfile", 1024));
        Files.createSymbolicLink(app.resolve("a"), Path.of("b"));
        Files.createSymbolicLink(app.resolve("b"), Path.of("a"));
        assertTrue(refusal("a").contains("loop"));
        Files.write(app.resolve("bin.txt"), new byte[] {(byte) 0xff, (byte) 0xfe});
        assertEquals("bin.txt is not valid UTF-8 text.",
                assertThrows(BuildFailure.class, () -> SourceFiles.readText(app, "bin.txt", 1024)).getMessage());
        Files.writeString(app.resolve("big"), "x".repeat(2048));
        assertEquals("big is larger than 1 KB.",
                assertThrows(BuildFailure.class, () -> SourceFiles.readText(app, "big", 1024)).getMessage());
        Files.createDirectories(app.resolve("dir"));
        assertEquals("dir is not a regular file.",
                assertThrows(BuildFailure.class, () -> SourceFiles.readText(app, "dir", 1024)).getMessage());
    }

    @Test
    void thePreflightNamesTheFileThatEscapes() throws IOException {
        Files.writeString(app.resolve("Procfile"), "web: x\n");
        Files.createSymbolicLink(app.resolve("package.json"), secret);
        BuildFailure failure = assertThrows(BuildFailure.class,
                () -> SourceFiles.checkInside(app, List.of("Procfile", "package.json", "package-lock.json")));
        assertTrue(failure.getMessage().startsWith("package.json is a symbolic link that leads outside"), failure.getMessage());
    }

    private String refusal(String name) {
        return assertThrows(BuildFailure.class, () -> SourceFiles.readText(app, name, 1024)).getMessage();
    }
}
