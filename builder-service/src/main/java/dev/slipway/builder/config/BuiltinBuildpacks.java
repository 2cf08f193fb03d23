package dev.slipway.builder.config;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * The built-in language support, shipped as ordinary buildpack shell scripts in the jar and
 * written to disk for each build, so that they run through exactly the same code path as a custom
 * buildpack cloned from git.
 */
@ApplicationScoped
public class BuiltinBuildpacks {
    /**
     * Detection order when an app sets no buildpacks: Heroku's (ruby, nodejs, python, java, scala,
     * php, go), then static sites, then an app that has nothing but a Procfile.
     */
    public static final List<String> NAMES =
            List.of("ruby", "nodejs", "python", "java", "scala", "php", "go", "static", "procfile");
    private static final List<String> SCRIPTS = List.of("bin/detect", "bin/compile", "bin/release");
    /**
     * The shell library every built-in sources: output helpers, config vars, the runtime
     * inventory. Other shared files under {@code buildpacks/lib/} go only to the buildpacks whose
     * {@code files} list names them.
     */
    private static final String COMMON = "buildpacks/lib/slipway.sh";

    /**
     * Writes buildpack {@code name} from the jar into {@code into/name} and returns that
     * directory. Each build gets its own copy, so a build cannot change what another runs.
     */
    public Path extract(String name, Path into) throws IOException {
        Path dir = into.resolve(name);
        for (String file : files(name)) {
            copy(source(name, file), dir.resolve(file));
        }
        copy(COMMON, dir.resolve("lib/slipway.sh"));
        return dir;
    }

    /**
     * Where a listed file comes from: the buildpack's own folder, or, for a {@code lib/} file it
     * does not have, the library the built-ins share ({@code buildpacks/lib/jvm.sh} serves java
     * and scala alike).
     */
    private static String source(String name, String file) throws IOException {
        String own = "buildpacks/" + name + "/" + file;
        if (!file.startsWith("lib/")) {
            return own;
        }
        try (InputStream in = resource(own, false)) {
            return in != null ? own : "buildpacks/" + file;
        }
    }

    /** The three scripts, plus whatever the buildpack's {@code files} lists (one relative path a line). */
    private static List<String> files(String name) throws IOException {
        List<String> files = new ArrayList<>(SCRIPTS);
        try (InputStream in = resource("buildpacks/" + name + "/files", false)) {
            if (in != null) {
                new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                        .filter(line -> !line.isEmpty() && !line.startsWith("#")).forEach(files::add);
            }
        }
        return files;
    }

    private static void copy(String resource, Path target) throws IOException {
        try (InputStream in = resource(resource, true)) {
            Files.createDirectories(target.getParent());
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("r-xr-xr-x"));
        }
    }

    private static InputStream resource(String name, boolean required) {
        InputStream in = BuiltinBuildpacks.class.getClassLoader().getResourceAsStream(name);
        if (in == null && required) {
            throw new IllegalStateException("missing resource " + name);
        }
        return in;
    }
}
