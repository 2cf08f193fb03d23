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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The runtimes a build declares as layers: directories of the build dir that the slug names
 * instead of carrying ({@link LayerStore}). A buildpack's compile declares one by writing its path
 * (relative to BUILD_DIR, e.g. {@code .heroku/node}) as a line of {@code $BP_DIR/layers}, read as
 * {@link BuildpackExports} reads {@code export}: bounded, never through a link. After the last
 * compile each declared directory is moved out of the build dir, leaving an empty directory where
 * the dyno mounts the layer read-only.
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

    private final Set<String> declared = new LinkedHashSet<>();

    /** A layer split off the build dir: where it mounts ({@code /app/...}) and its tree, now outside the app. */
    record Split(String mount, Path tree) {}

    /** Before a compile: a declaration left from an earlier build (a cached custom checkout) is not this build's. */
    static void clear(Buildpack pack) throws IOException {
        Files.deleteIfExists(pack.dir().resolve(FILE));
    }

    /** After a compile: the paths the buildpack declared, if any. */
    void collect(Buildpack pack) throws IOException, BuildFailure {
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
            declare(pack.name(), line.strip());
        }
    }

    /** One declared path: relative, plain names, not inside (nor around) another layer. */
    void declare(String buildpack, String path) throws BuildFailure {
        if (path.isEmpty() || path.startsWith("#")) {
            return;
        }
        String refusal = "Build failed: " + buildpack + " declared the runtime layer \"" + path + "\", ";
        if (!PATH.matcher(path).matches() || List.of(path.split("/")).stream().anyMatch(p -> p.equals(".") || p.equals(".."))) {
            throw new BuildFailure(refusal + "which is not a relative path of plain names inside the app.");
        }
        for (String other : declared) {
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
        declared.add(path);
    }

    List<String> declared() {
        return List.copyOf(declared);
    }

    /**
     * Moves every declared directory out of {@code app} into {@code into} and leaves an empty one
     * (mode 0755) in its place. Each component must be a real directory: a link is refused, never
     * followed, so a layer is always part of the build's own tree.
     */
    List<Split> split(Path app, Path into) throws IOException, BuildFailure {
        List<Split> splits = new ArrayList<>();
        int n = 0;
        for (String path : declared) {
            Path current = app;
            for (String part : path.split("/")) {
                current = current.resolve(part);
                if (Files.isSymbolicLink(current) || !Files.isDirectory(current, LinkOption.NOFOLLOW_LINKS)) {
                    throw new BuildFailure("Build failed: the runtime layer " + path
                            + " is not a directory of the app (a link, a file or missing) after the build.");
                }
            }
            Path tree = Files.createDirectories(into).resolve(String.valueOf(++n));
            Files.move(current, tree);
            Files.createDirectory(current);
            Files.setPosixFilePermissions(current, PosixFilePermissions.fromString("rwxr-xr-x"));
            splits.add(new Split("/app/" + path, tree));
        }
        return splits;
    }
}
