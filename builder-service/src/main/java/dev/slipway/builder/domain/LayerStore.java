package dev.slipway.builder.domain;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Runtime layers on disk: {@code <dir>/<sha256>.tar}, one file per content, written once and never
 * changed (the id is the sha256 of the tar, which {@link SlugArchive} makes a function of the
 * tree). Nothing deletes a layer: releases, rollbacks included, may name any layer ever stored,
 * as they may any slug.
 *
 * <p>Packing 50 MB of Node.js on every push is what layers are here to avoid, so each app keeps an
 * index from a tree's fingerprint (names, types, modes, sizes, file times, link targets: one
 * {@code stat} per entry) to the layer it gave. The fingerprint is not the content, so the index
 * is per app: a tenant that forges a fingerprint (same sizes and times, other bytes) only ever gets
 * back a layer its own builds stored, never changes what another app's tree maps to.
 */
public final class LayerStore {
    private static final Pattern SHA256 = Pattern.compile("^[0-9a-f]{64}$");

    private final Path dir;

    /** A stored layer: its id, its size, and whether this call packed it (false: the index knew it). */
    public record Stored(String id, long sizeBytes, boolean packed) {}

    public LayerStore(Path dir) {
        this.dir = dir;
    }

    /** The stored layer's file, or null when {@code id} is not one. */
    public Path file(String id) {
        if (id == null || !SHA256.matcher(id).matches()) {
            return null;
        }
        Path file = dir.resolve(id + ".tar");
        return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) ? file : null;
    }

    /**
     * Stores the contents of {@code tree} as a layer (at most {@code limitBytes} of tar) and returns
     * its id; {@code index} is the app's own index directory.
     */
    public Stored store(Path tree, Path index, long limitBytes) throws IOException {
        String fingerprint = fingerprint(tree);
        Path known = index.resolve(fingerprint);
        if (Files.isRegularFile(known, LinkOption.NOFOLLOW_LINKS)) {
            String id = Files.readString(known, StandardCharsets.US_ASCII).strip();
            Path file = file(id);
            if (file != null) {
                return new Stored(id, Files.size(file), false);
            }
        }
        Files.createDirectories(dir);
        Path tmp = dir.resolve("tmp-" + UUID.randomUUID() + ".tar");
        SlugArchive.Written written;
        try {
            written = SlugArchive.pack(tree, tmp, limitBytes, false);
            Path target = dir.resolve(written.sha256() + ".tar");
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                Files.delete(tmp);
            } else {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        Files.createDirectories(index);
        Path tmpIndex = index.resolve("tmp-" + UUID.randomUUID());
        Files.writeString(tmpIndex, written.sha256() + "\n", StandardCharsets.US_ASCII);
        Files.move(tmpIndex, known, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return new Stored(written.sha256(), written.sizeBytes(), true);
    }

    /** sha256 over every entry's name, type, mode, size, file time and link target, in name order. */
    static String fingerprint(Path tree) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        Path root = tree.toAbsolutePath().normalize();
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(root)) {
            paths = walk.sorted().toList();
        }
        for (Path p : paths) {
            PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            StringBuilder line = new StringBuilder(root.relativize(p).toString()).append('\0');
            if (a.isSymbolicLink()) {
                line.append("l ").append(Files.readSymbolicLink(p));
            } else if (a.isDirectory()) {
                line.append("d ").append(a.permissions());
            } else if (a.isRegularFile()) {
                line.append("f ").append(a.permissions()).append(' ').append(a.size()).append(' ')
                        .append(a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS));
            } else {
                line.append("o");
            }
            sha.update(line.append('\n').toString().getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
