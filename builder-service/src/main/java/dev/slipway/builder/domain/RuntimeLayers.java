package dev.slipway.builder.domain;

import dev.slipway.builder.domain.Buildpacks.Buildpack;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The runtimes a build declares as layers: directories that the slug names instead of carrying
 * ({@link LayerStore}). A buildpack's compile declares one as a line of {@code $BP_DIR/layers},
 * read as {@link BuildpackExports} reads {@code export}: bounded, never through a link. The line
 * is the layer's path relative to BUILD_DIR (where dynos see it, under {@code /app}), optionally
 * followed by a path relative to the buildpack's CACHE_DIR holding its content:
 * <ul>
 * <li>{@code .heroku/node}: the directory of the build dir is the layer; it is moved out;</li>
 * <li>{@code .heroku/node node-home}: the layer is CACHE_DIR's {@code node-home}, read in place
 * (kept for the next build: an unchanged runtime is then neither copied nor packed again).</li>
 * </ul>
 * Either way the slug keeps an empty directory at the path, where the dyno mounts the layer
 * read-only.
 *
 * <p>A declaration only says which of the build's own directories to split off; the layer's id is
 * always the builder's hash of what it then packs, so nothing an app or buildpack writes can name a
 * layer it did not build.
 */
final class RuntimeLayers {
    static final String FILE = "layers";
    static final int FILE_LIMIT = 4 * 1024;
    static final int MAX_LAYERS = 4;
    private static final Pattern PATH = Pattern.compile("^[A-Za-z0-9._][A-Za-z0-9._-]{0,63}(/[A-Za-z0-9._][A-Za-z0-9._-]{0,63}){0,7}$");

    private final java.util.Map<String, CacheSource> declared = new java.util.LinkedHashMap<>();

    /** A layer split off the build dir: where it mounts ({@code /app/...}) and its tree, now outside the app. */
    record Split(String mount, Path tree) {}

    /** Where a declared layer's content is: a directory of a buildpack's CACHE_DIR. */
    private record CacheSource(Path cacheDir, String path) {}

    /** A declared layer whose content is the build dir's own directory. */
    private static final CacheSource IN_BUILD_DIR = null;

    /** Before a compile: a declaration left from an earlier build (a cached custom checkout) is not this build's. */
    static void clear(Buildpack pack) throws IOException {
        Files.deleteIfExists(pack.dir().resolve(FILE));
    }

    /** After a compile: the paths the buildpack declared, if any; {@code cacheDir} is its CACHE_DIR. */
    void collect(Buildpack pack, Path cacheDir) throws IOException, BuildFailure {
        Path file = pack.dir().resolve(FILE);
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (java.nio.file.NoSuchFileException e) {
            return;
        }
        if (!attrs.isRegularFile()) {
            throw new BuildFailure("Build failed: " + pack.name()
                    + " left a layers file that is not a regular file (a link or a directory): the builder does not follow it.");
        }
        byte[] content;
        try (InputStream in = Channels.newInputStream(Files.newByteChannel(file, StandardOpenOption.READ,
                LinkOption.NOFOLLOW_LINKS))) {
            content = in.readNBytes(FILE_LIMIT + 1);
        }
        if (content.length > FILE_LIMIT) {
            throw new BuildFailure("Build failed: " + pack.name() + " left a layers file larger than " + FILE_LIMIT / 1024 + " KB.");
        }
        for (String line : new String(content, StandardCharsets.UTF_8).split("\n")) {
            declare(pack.name(), line.strip(), cacheDir);
        }
    }

    /**
     * One declaration: a path (relative, plain names, not inside nor around another layer),
     * optionally followed by its source in {@code cacheDir} (relative, plain names).
     */
    void declare(String buildpack, String line, Path cacheDir) throws BuildFailure {
        if (line.isEmpty() || line.startsWith("#")) {
            return;
        }
        String[] fields = line.split("[ \t]+");
        String path = fields[0];
        String refusal = "Build failed: " + buildpack + " declared the runtime layer \"" + line + "\", ";
        if (fields.length > 2 || !plain(path) || (fields.length == 2 && !plain(fields[1]))) {
            throw new BuildFailure(refusal + "which is not a relative path of plain names inside the app"
                    + " (optionally followed by one inside the buildpack's cache).");
        }
        CacheSource source = fields.length == 2 ? new CacheSource(cacheDir, fields[1]) : IN_BUILD_DIR;
        for (String other : declared.keySet()) {
            if (other.equals(path)) {
                return;
            }
            if (other.startsWith(path + "/") || path.startsWith(other + "/")) {
                throw new BuildFailure(refusal + "which overlaps the layer \"" + other + "\".");
            }
        }
        if (declared.size() >= MAX_LAYERS) {
            throw new BuildFailure(refusal + "one more than the " + MAX_LAYERS + " layers a slug may have.");
        }
        declared.put(path, source);
    }

    private static boolean plain(String path) {
        return PATH.matcher(path).matches() && Stream.of(path.split("/")).noneMatch(p -> p.equals(".") || p.equals(".."));
    }

    List<String> declared() {
        return List.copyOf(declared.keySet());
    }

    /**
     * Takes every declared layer out of {@code app}: a directory of the build dir is moved into
     * {@code into}; one of the cache is used where it is (its path's components must be real
     * directories of the cache, never links). Either way {@code app} is left with an empty
     * directory (mode 0755) at the layer's path, reached without passing a link.
     */
    List<Split> split(Path app, Path into) throws IOException, BuildFailure {
        List<Split> splits = new ArrayList<>();
        int n = 0;
        for (var declaration : declared.entrySet()) {
            String path = declaration.getKey();
            CacheSource source = declaration.getValue();
            Path tree;
            if (source == IN_BUILD_DIR) {
                Path current = realDirectory(app, path, path, "is not a directory of the app (a link, a file or missing) after the build.");
                tree = Files.createDirectories(into).resolve(String.valueOf(++n));
                Files.move(current, tree);
            } else {
                tree = realDirectory(source.cacheDir(), source.path(), path,
                        "is not a directory of the buildpack's cache (a link, a file or missing) after the build.");
                Path existing = mountPoint(app, path);
                if (existing != null) {
                    try (Stream<Path> inside = Files.list(existing)) {
                        if (inside.findAny().isPresent()) {
                            throw new BuildFailure("Build failed: the runtime layer " + path
                                    + " comes from the buildpack's cache, but the app has files there too.");
                        }
                    }
                    Files.delete(existing);
                }
            }
            makeMountPoint(app, path);
            splits.add(new Split("/app/" + path, tree));
        }
        return splits;
    }

    /** {@code root/path}, every component a real directory, or a build failure about {@code layer} saying {@code why}. */
    private static Path realDirectory(Path root, String path, String layer, String why) throws BuildFailure {
        Path current = root;
        for (String part : path.split("/")) {
            current = current.resolve(part);
            if (Files.isSymbolicLink(current) || !Files.isDirectory(current, LinkOption.NOFOLLOW_LINKS)) {
                throw new BuildFailure("Build failed: the runtime layer " + layer + " " + why);
            }
        }
        return current;
    }

    /** {@code app/path} when it exists as a real directory (through real directories), null when absent. */
    private static Path mountPoint(Path app, String path) throws BuildFailure {
        Path current = app;
        for (String part : path.split("/")) {
            current = current.resolve(part);
            if (!Files.exists(current, LinkOption.NOFOLLOW_LINKS)) {
                return null;
            }
            if (Files.isSymbolicLink(current) || !Files.isDirectory(current, LinkOption.NOFOLLOW_LINKS)) {
                throw new BuildFailure("Build failed: the app has a link or a file where the runtime layer " + path + " goes.");
            }
        }
        return current;
    }

    /** Creates the empty directory where the layer mounts, one component at a time, never through a link. */
    private static void makeMountPoint(Path app, String path) throws IOException, BuildFailure {
        Path current = app;
        for (String part : path.split("/")) {
            current = current.resolve(part);
            if (!Files.exists(current, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(current);
                Files.setPosixFilePermissions(current, PosixFilePermissions.fromString("rwxr-xr-x"));
            } else if (Files.isSymbolicLink(current) || !Files.isDirectory(current, LinkOption.NOFOLLOW_LINKS)) {
                throw new BuildFailure("Build failed: the app has a link or a file where the runtime layer " + path + " goes.");
            }
        }
    }
}
