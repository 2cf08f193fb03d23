package dev.slipway.builder.domain;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
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

    /** Unpacks into {@code dir}, refusing entries that would land outside it. */
    public static void unpack(InputStream tgz, Path dir) throws IOException {
        Path root = dir.toAbsolutePath().normalize();
        Files.createDirectories(root);
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(new BufferedInputStream(tgz)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path target = root.resolve(entry.getName()).normalize();
                if (!target.startsWith(root)) {
                    throw new IOException("archive entry outside the build dir: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                    inside(root, target);
                } else if (entry.isSymbolicLink()) {
                    inside(root, Files.createDirectories(target.getParent()));
                    Files.deleteIfExists(target);
                    Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
                } else if (entry.isFile()) {
                    inside(root, Files.createDirectories(target.getParent()));
                    Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
                    Files.setPosixFilePermissions(target, permissions(entry.getMode()));
                }
                // hard links, devices and fifos have no place in an app's source tree
            }
        }
    }

    /** An earlier symlink entry must not lead a later entry out of the build dir. */
    private static void inside(Path root, Path dir) throws IOException {
        if (!dir.toRealPath().startsWith(root.toRealPath())) {
            throw new IOException("archive entry outside the build dir: " + dir);
        }
    }

    /**
     * Packs the contents of {@code dir} (names relative to it, so the slug unpacks as /app) into
     * {@code target}. Entries are sorted and owner and times fixed, so the same tree always gives
     * the same bytes and therefore the same slug id.
     */
    public static Written pack(Path dir, Path target, long limitBytes) throws IOException {
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
             TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(counted, 65536))) {
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
                    Files.copy(p, tar);
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
}
