package dev.slipway.devstack;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * PostgreSQL's binaries from zonky's Maven artifact, unpacked once per machine and archive, and
 * the way to run them when this JVM runs as root.
 *
 * <p>Why not zonky's {@code EmbeddedPostgres}: initdb and postgres refuse to run as root, and
 * zonky starts them as the current user; on a root-only machine (CI containers, this one) it cannot
 * start at all. Here, as root, each binary runs in a user namespace that maps root to nobody:
 * PostgreSQL sees an unprivileged owner, while the files stay root's and the data directory may sit
 * under root-only directories (JUnit temp dirs, /root).
 */
final class PostgresBinaries {
    private static final int NOBODY = 65534;
    private static Path binDir;

    private PostgresBinaries() {}

    /** The command line for one of PostgreSQL's programs ({@code initdb}, {@code pg_ctl}). */
    static List<String> command(String program, String... args) {
        List<String> command = new ArrayList<>();
        if (runningAsRoot()) {
            command.addAll(List.of("unshare", "--user", "--map-user=" + NOBODY, "--map-group=" + NOBODY));
        }
        command.add(bin().resolve(program).toString());
        command.addAll(List.of(args));
        return command;
    }

    static synchronized Path bin() {
        if (binDir == null) {
            binDir = unpack().resolve("bin");
        }
        return binDir;
    }

    static boolean runningAsRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private static Path unpack() {
        String os = System.getProperty("os.name");
        String arch = "amd64".equals(System.getProperty("os.arch")) ? "x86_64" : System.getProperty("os.arch");
        try (InputStream archive = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(os.startsWith("Linux") ? "Linux" : os, arch)) {
            byte[] bytes = archive.readAllBytes();
            String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)).substring(0, 16);
            // Shared by every JVM on the machine; unpacked beside it and renamed in one step, so
            // concurrent test JVMs never see a half-written copy.
            Path target = Path.of(System.getProperty("java.io.tmpdir"), "slipway-postgres-" + digest);
            if (Files.isExecutable(target.resolve("bin/postgres"))) {
                return target;
            }
            Path staging = target.resolveSibling(target.getFileName() + ".tmp-" + UUID.randomUUID());
            extract(bytes, staging);
            try {
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException | AccessDeniedException raced) {
                TempDirs.deleteTree(staging);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("could not unpack the PostgreSQL binaries", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void extract(byte[] txz, Path into) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new XZCompressorInputStream(new ByteArrayInputStream(txz)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path path = into.resolve(entry.getName()).normalize();
                if (!path.startsWith(into)) {
                    throw new IOException("archive entry outside its directory: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(path.getParent());
                    Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
                } else if (entry.isLink()) {
                    Files.createDirectories(path.getParent());
                    Files.copy(into.resolve(entry.getLinkName()), path);
                } else {
                    Files.createDirectories(path.getParent());
                    Files.copy(tar, path);
                    Files.setPosixFilePermissions(path, permissions(entry.getMode()));
                }
            }
        }
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> permissions = java.util.EnumSet.of(PosixFilePermission.OWNER_READ,
                PosixFilePermission.OWNER_WRITE, PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);
        if ((mode & 0111) != 0) {
            permissions.addAll(Set.of(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE,
                    PosixFilePermission.OTHERS_EXECUTE));
        }
        return permissions;
    }
}
