package dev.slipway.builder.domain;

import dev.slipway.builder.domain.Buildpacks.Buildpack;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Heroku's multi-buildpack contract: a buildpack's compile may write {@code $BP_DIR/export}, a
 * shell file of {@code export} lines, and every buildpack after it compiles with those sourced.
 * The builder only carries the file from one step to the next: it reads it bounded, never through
 * a link, copies it into the build's exports directory (numbered in buildpack order), and the
 * next compiles source them inside their own sandbox ({@link BuildWorkspace#compile}). The
 * platform never evaluates a word of it.
 */
final class BuildpackExports {
    static final int LIMIT = 64 * 1024;
    static final String FILE = "export";

    private final Path dir;
    private int count;

    /** {@code dir}: the build's own exports directory (created on the first export). */
    BuildpackExports(Path dir) {
        this.dir = dir;
    }

    /** What the next compile sources, or null when no buildpack exported anything yet. */
    Path forNextCompile() {
        return count == 0 ? null : dir;
    }

    /** A copy of the buildpack at {@code into} (links copied as links, never followed). */
    static Path ownCopy(Path buildpack, Path into) throws IOException {
        try (java.util.stream.Stream<Path> tree = Files.walk(buildpack)) {
            for (Path p : (Iterable<Path>) tree::iterator) {
                Path target = into.resolve(buildpack.relativize(p).toString());
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, LinkOption.NOFOLLOW_LINKS, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        return into;
    }

    /** Before a compile: an export left from an earlier build (a cached custom checkout) is not this build's. */
    static void clear(Buildpack pack) throws IOException {
        Files.deleteIfExists(pack.dir().resolve(FILE));
    }

    /** After a compile: keeps the buildpack's export, if it wrote one, for the buildpacks after it. */
    void collect(Buildpack pack) throws IOException, BuildFailure {
        Path export = pack.dir().resolve(FILE);
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(export, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (java.nio.file.NoSuchFileException e) {
            return;
        }
        if (!attrs.isRegularFile()) {
            throw new BuildFailure("Build failed: " + pack.name()
                    + " left an export that is not a regular file (a link or a directory): the builder does not follow it.");
        }
        if (attrs.size() > LIMIT) {
            throw new BuildFailure("Build failed: " + pack.name() + " left an export of " + attrs.size()
                    + " bytes; at most " + LIMIT / 1024 + " KB of export lines are passed on.");
        }
        byte[] content;
        try (InputStream in = Channels.newInputStream(Files.newByteChannel(export, StandardOpenOption.READ,
                LinkOption.NOFOLLOW_LINKS))) {
            content = in.readNBytes(LIMIT + 1);
        }
        if (content.length > LIMIT) {
            throw new BuildFailure("Build failed: " + pack.name() + " left an export larger than " + LIMIT / 1024 + " KB.");
        }
        Files.createDirectories(dir);
        count++;
        Files.write(dir.resolve(String.format("%03d-export", count)), content);
    }
}
