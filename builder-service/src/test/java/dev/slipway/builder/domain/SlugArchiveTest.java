package dev.slipway.builder.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pure unit test of slug packing and source unpacking on a temp dir: nothing is faked. */
class SlugArchiveTest {
    @TempDir
    Path tmp;

    @Test
    void sameTreeGivesTheSameSlugWhateverTheTimes() throws IOException {
        Path app = tree(tmp.resolve("a"));
        SlugArchive.Written first = SlugArchive.pack(app, tmp.resolve("1.tgz"), 1 << 20);
        Files.setLastModifiedTime(app.resolve("server.js"), FileTime.fromMillis(123456789));
        SlugArchive.Written second = SlugArchive.pack(app, tmp.resolve("2.tgz"), 1 << 20);
        assertEquals(first, second);
        assertEquals(Files.size(tmp.resolve("1.tgz")), first.sizeBytes());
        Files.writeString(app.resolve("server.js"), "changed");
        assertNotEquals(first.sha256(), SlugArchive.pack(app, tmp.resolve("3.tgz"), 1 << 20).sha256());
    }

    @Test
    void roundTripKeepsFilesModesAndLinks() throws IOException {
        Path app = tree(tmp.resolve("a"));
        SlugArchive.pack(app, tmp.resolve("s.tgz"), 1 << 20);
        Path out = tmp.resolve("out");
        try (InputStream in = Files.newInputStream(tmp.resolve("s.tgz"))) {
            SlugArchive.unpack(in, out, 1 << 20, 100);
        }
        assertEquals("console.log(1)", Files.readString(out.resolve("server.js")));
        assertEquals("x", Files.readString(out.resolve("lib/deep/x.txt")));
        assertTrue(Files.isExecutable(out.resolve("bin/run")));
        assertTrue(Files.isSymbolicLink(out.resolve("link.js")));
    }

    @Test
    void tooLargeIsRefusedAndLeavesNoFile() throws IOException {
        Path app = tree(tmp.resolve("a"));
        Files.write(app.resolve("big.bin"), new java.util.Random(1).ints(200_000).collect(
                ByteArrayOutputStream::new, ByteArrayOutputStream::write, (a, b) -> { }).toByteArray());
        assertThrows(SlugArchive.TooLarge.class, () -> SlugArchive.pack(app, tmp.resolve("big.tgz"), 10_000));
        assertTrue(Files.notExists(tmp.resolve("big.tgz")));
    }

    @Test
    void entriesEscapingTheBuildDirAreRefused() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
            TarArchiveEntry evil = new TarArchiveEntry("../evil.txt", true);
            evil.setSize(1);
            tar.putArchiveEntry(evil);
            tar.write('x');
            tar.closeArchiveEntry();
        }
        assertThrows(IOException.class,
                () -> SlugArchive.unpack(new ByteArrayInputStream(bytes.toByteArray()), tmp.resolve("app"), 1 << 20, 100));
        assertTrue(Files.notExists(tmp.resolve("evil.txt")));
    }

    @Test
    void symlinksCannotLeadOutOfTheBuildDir() throws IOException {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
            TarArchiveEntry link = new TarArchiveEntry("escape", TarArchiveEntry.LF_SYMLINK);
            link.setLinkName(outside.toString());
            tar.putArchiveEntry(link);
            tar.closeArchiveEntry();
            TarArchiveEntry file = new TarArchiveEntry("escape/owned.txt");
            file.setSize(1);
            tar.putArchiveEntry(file);
            tar.write('x');
            tar.closeArchiveEntry();
        }
        assertThrows(IOException.class,
                () -> SlugArchive.unpack(new ByteArrayInputStream(bytes.toByteArray()), tmp.resolve("app"), 1 << 20, 100));
        assertTrue(Files.notExists(outside.resolve("owned.txt")));
    }

    private static Path tree(Path app) throws IOException {
        Files.createDirectories(app.resolve("lib/deep"));
        Files.createDirectories(app.resolve("bin"));
        Files.writeString(app.resolve("server.js"), "console.log(1)");
        Files.writeString(app.resolve("lib/deep/x.txt"), "x");
        Files.writeString(app.resolve("bin/run"), "#!/bin/sh\n");
        app.resolve("bin/run").toFile().setExecutable(true);
        Files.createSymbolicLink(app.resolve("link.js"), Path.of("server.js"));
        return app;
    }
}
