package dev.slipway.builder.config;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * The built-in language support, shipped as ordinary buildpack shell scripts in the jar and
 * written to disk for each build, so that they run through exactly the same code path as a custom
 * buildpack cloned from git.
 */
@ApplicationScoped
public class BuiltinBuildpacks {
    /** Detection order when an app sets no buildpacks. */
    public static final List<String> NAMES = List.of("nodejs", "procfile");
    private static final List<String> SCRIPTS = List.of("detect", "compile", "release");

    /**
     * Writes buildpack {@code name} from the jar into {@code into/name} and returns that
     * directory. Each build gets its own copy, so a build cannot change what another runs.
     */
    public Path extract(String name, Path into) throws IOException {
        Path dir = into.resolve(name);
        Path bin = Files.createDirectories(dir.resolve("bin"));
        for (String script : SCRIPTS) {
            String resource = "buildpacks/" + name + "/bin/" + script;
            try (InputStream in = BuiltinBuildpacks.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("missing resource " + resource);
                }
                Path target = bin.resolve(script);
                Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("r-xr-xr-x"));
            }
        }
        return dir;
    }
}
