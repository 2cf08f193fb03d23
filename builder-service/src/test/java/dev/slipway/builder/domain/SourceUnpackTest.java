package dev.slipway.builder.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pure unit test of the pushed source's unpack with hostile archives (written here with
 * commons-compress, as a tenant could craft them) into a temp dir: nothing is faked. Each case
 * checks the refusal and that nothing landed outside the build dir.
 */
class SourceUnpackTest {
    @TempDir
    Path tmp;
    private Path app;
    private Path outside;

    @BeforeEach
    void dirs() throws IOException {
        app = tmp.resolve("work/app");
        outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("secret"), "s3cret");
    }

    @Test
    void absoluteNamesAreRefused() throws IOException {
        Tar tar = new Tar().file(outside.resolve("planted").toString(), "x");
        assertRefused(tar, "outside the build dir");
        assertTrue(Files.notExists(outside.resolve("planted")));
    }

    @Test
    void dotDotNamesAreRefused() throws IOException {
        assertRefused(new Tar().file("a/../../../outside/planted", "x"), "outside the build dir");
        assertTrue(Files.notExists(outside.resolve("planted")));
    }

    @Test
    void aDirectoryThroughAnEarlierSymlinkIsRefusedBeforeAnythingIsCreated() throws IOException {
        Tar tar = new Tar().link("escape", outside.toString()).dir("escape/made/").file("escape/made/f", "x");
        assertRefused(tar, "inside a symbolic link");
        assertTrue(Files.notExists(outside.resolve("made")), "not even an empty directory outside");
    }

    @Test
    void aFileInPlaceOfASymlinkReplacesTheLinkAndNeverWritesThroughIt() throws IOException {
        SlugArchive.unpack(new Tar().link("secret", outside.resolve("secret").toString()).file("secret", "mine")
                .stream(), app, 1 << 20, 100);
        assertEquals("s3cret", Files.readString(outside.resolve("secret")));
        assertFalse(Files.isSymbolicLink(app.resolve("secret")));
        assertEquals("mine", Files.readString(app.resolve("secret")));
    }

    @Test
    void hardLinksAreSkipped() throws IOException {
        TarArchiveEntry hard = new TarArchiveEntry("hard", TarArchiveEntry.LF_LINK);
        hard.setLinkName(outside.resolve("secret").toString());
        SlugArchive.unpack(new Tar().entry(hard, null).file("ok", "x").stream(), app, 1 << 20, 100);
        assertTrue(Files.notExists(app.resolve("hard")));
        assertEquals("x", Files.readString(app.resolve("ok")));
    }

    @Test
    void symlinksAreKeptAsDataAndNotFollowed() throws IOException {
        SlugArchive.unpack(new Tar().link("Procfile", "../../../outside/secret").stream(), app, 1 << 20, 100);
        assertTrue(Files.isSymbolicLink(app.resolve("Procfile")));
    }

    @Test
    void tooManyEntriesAreRefused() throws IOException {
        Tar tar = new Tar();
        for (int i = 0; i < 11; i++) {
            tar.file("f" + i, "x");
        }
        assertEquals("The pushed source has more than 10 files and directories.", refusal(tar, 1 << 20, 10));
    }

    @Test
    void tooManyBytesAreRefusedBeforeTheyAreWritten() throws IOException {
        Tar tar = new Tar().file("small", "x").file("big", "y".repeat(3 * 1024 * 1024));
        assertEquals("The pushed source is larger than 2 MB unpacked.", refusal(tar, 2 * 1024 * 1024, 100));
        assertTrue(Files.notExists(app.resolve("big")));
    }

    private void assertRefused(Tar tar, String why) throws IOException {
        String message = refusal(tar, 1 << 20, 100);
        assertTrue(message.contains(why), message);
    }

    private String refusal(Tar tar, long maxBytes, int maxEntries) throws IOException {
        byte[] bytes = tar.bytes();
        return assertThrows(SlugArchive.SourceRefused.class,
                () -> SlugArchive.unpack(new ByteArrayInputStream(bytes), app, maxBytes, maxEntries)).getMessage();
    }

    /** A tar.gz written entry by entry, in the order given. */
    private static final class Tar {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final TarArchiveOutputStream tar;

        Tar() throws IOException {
            tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes));
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        }

        Tar file(String name, String content) throws IOException {
            TarArchiveEntry e = new TarArchiveEntry(name, true);
            e.setMode(0100644);
            return entry(e, content.getBytes(StandardCharsets.UTF_8));
        }

        Tar dir(String name) throws IOException {
            return entry(new TarArchiveEntry(name, true), null);
        }

        Tar link(String name, String target) throws IOException {
            TarArchiveEntry e = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK, true);
            e.setLinkName(target);
            return entry(e, null);
        }

        Tar entry(TarArchiveEntry e, byte[] content) throws IOException {
            if (content != null) {
                e.setSize(content.length);
            }
            tar.putArchiveEntry(e);
            if (content != null) {
                tar.write(content);
            }
            tar.closeArchiveEntry();
            return this;
        }

        byte[] bytes() throws IOException {
            tar.close();
            return bytes.toByteArray();
        }

        ByteArrayInputStream stream() throws IOException {
            return new ByteArrayInputStream(bytes());
        }
    }
}
