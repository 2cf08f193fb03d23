package dev.slipway.dyno.runtime;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Unpacks a slug into a dyno's directory. For a sandbox, tar runs as the app's uid (setpriv) in a
 * directory that uid owns: the files come out owned by the app, and a slug whose symlinks point
 * out of the directory can write nowhere the app could not write anyway (a chown -R by root
 * afterwards would follow them).
 */
final class SlugUnpacker {
    private static final Logger LOG = Logger.getLogger(SlugUnpacker.class);

    private SlugUnpacker() {}

    /** Unpacks as the given uid and gid; 0 for the platform's own user (unsandboxed dynos). */
    static void unpack(Path slug, Path into, int uid) throws IOException {
        unpack(slug, into, uid, true);
    }

    /** As above; {@code gzip} false for a plain tar (a runtime layer). */
    static void unpack(Path slug, Path into, int uid, boolean gzip) throws IOException {
        List<String> argv = new ArrayList<>();
        if (uid > 0) {
            Files.setAttribute(into, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(into, "unix:gid", uid, LinkOption.NOFOLLOW_LINKS);
            argv.addAll(List.of("setpriv", "--reuid=" + uid, "--regid=" + uid, "--clear-groups", "--no-new-privs"));
        }
        // the slug comes in on stdin and the directory is entered before the uid changes (both
        // by us, as root): the uid needs no access to the slug cache nor to the directories above
        argv.addAll(List.of("tar", gzip ? "-xzf" : "-xf", "-", "--no-same-owner"));
        Process tar = new ProcessBuilder(argv).directory(into.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(slug.toFile())).redirectErrorStream(true).start();
        try {
            String output = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!tar.waitFor(5, TimeUnit.MINUTES) || tar.exitValue() != 0) {
                tar.destroyForcibly();
                throw new IOException("could not extract slug " + slug.getFileName() + ": " + output.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            tar.destroyForcibly();
            throw new IOException("interrupted while extracting the slug", e);
        }
    }

    /** Deletes a tree without following its symlinks (a slug's links are the app's to make). */
    static void deleteTree(Path dir) {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException | java.io.UncheckedIOException e) {
            LOG.warnf("could not delete %s: %s", dir, e.getMessage());
        }
    }
}
