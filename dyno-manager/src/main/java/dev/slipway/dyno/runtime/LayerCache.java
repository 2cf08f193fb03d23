package dev.slipway.dyno.runtime;

import dev.slipway.dyno.domain.SlugCache;
import dev.slipway.events.RuntimeLayer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Runtime layers, unpacked once per host and shared read-only by every dyno that names them:
 * {@code <dir>/<sha256>/}. The tar is fetched from the builder once ({@link SlugCache}: its sha256
 * must be its id), unpacked into a temp directory by an unprivileged uid (as slugs are, so a
 * crafted entry can write nowhere), handed to root, and renamed into place, so a directory under
 * its id is always complete. The directory above is the platform's alone (0700): a dyno sees a layer
 * only through its read-only bind mount. Layers are kept across restarts, as slugs are, and never
 * deleted while dyno-manager runs: any release, an old one rolled back to included, may name one.
 */
final class LayerCache {
    private static final Pattern SHA256 = Pattern.compile("^[0-9a-f]{64}$");
    private static final Pattern MOUNT = Pattern.compile("^/app(/[A-Za-z0-9._][A-Za-z0-9._-]{0,63}){1,8}$");
    /** Unpacks layers: owns nothing of the platform's, and never a dyno's uid (those start at 100000). */
    static final int UNPACK_UID = 65534;

    private final Path dir;
    private final SlugCache archives;
    private final boolean asRoot;
    private final ConcurrentHashMap<String, Object> locks = new ConcurrentHashMap<>();

    /**
     * {@code asRoot}: the platform runs as root (sandboxed dynos), so layers are unpacked by
     * {@link #UNPACK_UID} and handed to root; otherwise (unsandboxed) by the platform's own user.
     */
    LayerCache(Path dir, Path archives, boolean asRoot) {
        this.dir = dir;
        this.archives = new SlugCache(archives, ".tar");
        this.asRoot = asRoot;
    }

    /** Checks what a release names before anything is fetched: a sha256 id and a mount inside /app. */
    static void check(RuntimeLayer layer) throws IOException {
        if (layer.id() == null || !SHA256.matcher(layer.id().toLowerCase(Locale.ROOT)).matches()) {
            throw new IOException("runtime layer id is not a sha256: " + layer.id());
        }
        if (layer.mount() == null || !MOUNT.matcher(layer.mount()).matches()
                || Stream.of(layer.mount().split("/")).anyMatch(p -> p.equals(".") || p.equals(".."))) {
            throw new IOException("runtime layer mount is not a plain path under /app: " + layer.mount());
        }
    }

    /** The layer's unpacked directory on this host, fetched and unpacked on first use. */
    Path unpacked(RuntimeLayer layer) throws IOException {
        check(layer);
        String id = layer.id().toLowerCase(Locale.ROOT);
        Path target = dir.resolve(id);
        synchronized (locks.computeIfAbsent(id, k -> new Object())) {
            if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                return target;
            }
            Path tar = archives.fetch(id, layer.url());
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            Path tmp = dir.resolve("tmp-" + id + "-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()));
            Files.createDirectory(tmp);
            try {
                SlugUnpacker.unpack(tar, tmp, asRoot ? UNPACK_UID : 0, false);
                if (asRoot) {
                    // -h and -R without -L: links are changed themselves, never followed
                    run(List.of("chown", "-hR", "0:0", tmp.toString()));
                }
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                SlugUnpacker.deleteTree(tmp);
            }
            // the unpacked tree is the cache; the tar is not needed again on this host
            Files.deleteIfExists(tar);
            return target;
        }
    }

    /** Unpacks left half done by a previous run; called at start, before any launch. */
    void clearPartial() {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            entries.filter(p -> p.getFileName().toString().startsWith("tmp-")).forEach(SlugUnpacker::deleteTree);
        } catch (IOException e) {
            // the next unpack of that layer uses a new temp directory anyway
        }
    }

    private static void run(List<String> argv) throws IOException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        try {
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException(argv.get(0) + " failed: " + output.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted while preparing a runtime layer", e);
        }
    }
}
