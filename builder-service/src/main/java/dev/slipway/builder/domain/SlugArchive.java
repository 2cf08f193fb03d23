package dev.slipway.builder.domain;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** tar.gz in (the pushed source) and out (the slug). */
public final class SlugArchive {
    /** A written archive: its sha256 (hex) and compressed size. */
    public record Written(String sha256, long sizeBytes) {}

    /** Thrown when the archive grows past its limit; the partial file is gone. */
    public static final class TooLarge extends IOException {
        TooLarge(long limit) {
            super("archive exceeds " + limit + " bytes");
        }
    }

    private static final FileTime FIXED_TIME = FileTime.fromMillis(0);

    private SlugArchive() {}

    /** Thrown when the pushed source passes a bound; the message is the user's answer. */
    public static final class SourceRefused extends IOException {
        SourceRefused(String message) {
            super(message);
        }
    }

    /**
     * Unpacks into {@code dir}: at most {@code maxBytes} of file content and {@code maxEntries}
     * entries. No entry lands outside {@code dir}: absolute names and {@code ..} are refused, an
     * entry whose path crosses a symlink (which an earlier entry may have planted) is refused,
     * files are created afresh (a link in their place is replaced, never written through), and
     * hard links, devices and fifos are skipped. Symlinks themselves are kept as they are: the
     * builder never follows them ({@link SourceFiles}), and in the dyno they resolve inside it.
     */
    public static void unpack(InputStream tgz, Path dir, long maxBytes, int maxEntries) throws IOException {
        Path root = dir.toAbsolutePath().normalize();
        Files.createDirectories(root);
        long bytes = 0;
        int entries = 0;
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(new BufferedInputStream(tgz)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                if (++entries > maxEntries) {
                    throw new SourceRefused("The pushed source has more than " + maxEntries + " files and directories.");
                }
                Path target;
                try {
                    target = root.resolve(entry.getName()).normalize();
                } catch (InvalidPathException e) {
                    throw new SourceRefused("The pushed source has an entry with an invalid name.");
                }
                if (!target.startsWith(root)) {
                    throw new SourceRefused("The pushed source has an entry outside the build dir: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    directory(root, target);
                } else if (entry.isSymbolicLink()) {
                    directory(root, target.getParent());
                    Files.deleteIfExists(target);
                    Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
                } else if (regular(entry)) {
                    bytes += entry.getSize();
                    if (bytes > maxBytes) {
                        throw new SourceRefused("The pushed source is larger than " + maxBytes / 1024 / 1024
                                + " MB unpacked.");
                    }
                    directory(root, target.getParent());
                    // the delete removes a link in the file's place; CREATE_NEW never follows one
                    Files.deleteIfExists(target);
                    Files.copy(tar, target);
                    Files.setPosixFilePermissions(target, permissions(entry.getMode()));
                }
                // hard links, devices and fifos have no place in an app's source tree
            }
        } catch (InvalidPathException e) {
            throw new SourceRefused("The pushed source has an entry with an invalid name.");
        }
    }

    /** A plain file: commons-compress's isFile() also says yes to hard links and devices. */
    private static boolean regular(TarArchiveEntry entry) {
        byte flag = entry.getLinkFlag();
        return flag == TarArchiveEntry.LF_NORMAL || flag == TarArchiveEntry.LF_OLDNORM || flag == TarArchiveEntry.LF_CONTIG;
    }

    /** Creates {@code dir} under {@code root} one component at a time, refusing to pass through a symlink. */
    private static void directory(Path root, Path dir) throws IOException {
        if (dir.equals(root)) {
            return;
        }
        Path current = root;
        for (Path part : root.relativize(dir)) {
            current = current.resolve(part);
            if (Files.isSymbolicLink(current)) {
                throw new SourceRefused("The pushed source has an entry inside a symbolic link: " + root.relativize(dir));
            }
            if (!Files.exists(current, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(current);
            } else if (!Files.isDirectory(current, LinkOption.NOFOLLOW_LINKS)) {
                throw new SourceRefused("The pushed source has an entry inside a file: " + root.relativize(dir));
            }
        }
    }

    /**
     * Packs the contents of {@code dir} (names relative to it, so the slug unpacks as /app) into
     * {@code target}. Entries are sorted and owner and times fixed, so the same tree always gives
     * the same bytes and therefore the same slug id.
     */
    public static Written pack(Path dir, Path target, long limitBytes) throws IOException {
        return pack(dir, target, limitBytes, true);
    }

    /**
     * As {@link #pack(Path, Path, long)}; {@code gzip} false writes a plain tar (a runtime layer:
     * packed once per content, hashed at disk speed, unpacked once per host).
     */
    public static Written pack(Path dir, Path target, long limitBytes, boolean gzip) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        Path root = dir.toAbsolutePath().normalize();
        long[] size = {0};
        try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(target));
             OutputStream counted = new LimitedStream(new DigestOutputStream(file, sha), size, limitBytes);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(gzip ? new FastGzip(counted) : counted)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            List<Path> paths;
            try (Stream<Path> walk = Files.walk(root)) {
                paths = walk.filter(p -> !p.equals(root)).sorted().toList();
            }
            for (Path p : paths) {
                String name = root.relativize(p).toString();
                TarArchiveEntry entry;
                boolean regular = false;
                if (Files.isSymbolicLink(p)) {
                    entry = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
                    entry.setLinkName(Files.readSymbolicLink(p).toString());
                } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    entry = new TarArchiveEntry(name + "/");
                    entry.setMode(040000 | mode(p));
                } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    entry = new TarArchiveEntry(name);
                    entry.setMode(0100000 | mode(p));
                    entry.setSize(Files.size(p));
                    regular = true;
                } else {
                    continue;
                }
                entry.setLastModifiedTime(FIXED_TIME);
                entry.setIds(0, 0);
                entry.setNames("", "");
                tar.putArchiveEntry(entry);
                if (regular) {
                    // O_NOFOLLOW: a file swapped for a link since the walk is refused, not followed
                    try (InputStream in = Files.newInputStream(p, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
                        in.transferTo(tar);
                    }
                }
                tar.closeArchiveEntry();
            }
            tar.finish();
        } catch (TooLarge e) {
            Files.deleteIfExists(target);
            throw e;
        }
        return new Written(HexFormat.of().formatHex(sha.digest()), size[0]);
    }

    private static int mode(Path p) throws IOException {
        int mode = 0;
        for (PosixFilePermission perm : Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS)) {
            mode |= 1 << (8 - perm.ordinal());
        }
        return mode;
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> perms = java.util.EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] all = PosixFilePermission.values();
        for (int i = 0; i < 9; i++) {
            if ((mode & (1 << (8 - i))) != 0) {
                perms.add(all[i]);
            }
        }
        // the owner must always be able to read and write what it unpacked
        perms.add(PosixFilePermission.OWNER_READ);
        perms.add(PosixFilePermission.OWNER_WRITE);
        return perms;
    }

    /** Counts what reaches the file and stops the write once it passes the limit. */
    private static final class LimitedStream extends FilterOutputStream {
        private final long[] size;
        private final long limit;

        LimitedStream(OutputStream out, long[] size, long limit) {
            super(out);
            this.size = size;
            this.limit = limit;
        }

        @Override
        public void write(int b) throws IOException {
            count(1);
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            count(len);
            out.write(b, off, len);
        }

        private void count(long n) throws IOException {
            size[0] += n;
            if (size[0] > limit) {
                throw new TooLarge(limit);
            }
        }
    }

    /**
     * gzip at its fastest level: a slug carries runtimes (Node.js alone is 150 MB unpacked), and
     * level 1 packs them in less than half the time of the default level 6 for about 12% more
     * bytes (measured on node 26's binary: 2.4 s for 55.7 MB against 5.7 s for 49.6 MB). The
     * bytes stay a function of the tree, so the slug's id does too.
     */
    private static final class FastGzip extends GZIPOutputStream {
        FastGzip(OutputStream out) throws IOException {
            super(out, 65536);
            def.setLevel(Deflater.BEST_SPEED);
        }
    }
}
