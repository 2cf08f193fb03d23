package dev.slipway.builder.config;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * The built-in language support, shipped as ordinary buildpack shell scripts in the jar and
 * written to disk at start-up, so that they run through exactly the same code path as a custom
 * buildpack cloned from git.
 */
@ApplicationScoped
public class BuiltinBuildpacks {
    /** Detection order when an app sets no buildpacks. */
    public static final List<String> NAMES = List.of("nodejs", "procfile");
    private static final List<String> SCRIPTS = List.of("detect", "compile", "release");

    private final BuilderSettings settings;

    BuiltinBuildpacks(BuilderSettings settings) {
        this.settings = settings;
    }

    void extract(@Observes @Priority(5) StartupEvent event) {
        for (String name : NAMES) {
            Path bin = dir(name).resolve("bin");
            try {
                Files.createDirectories(bin);
                for (String script : SCRIPTS) {
                    String resource = "buildpacks/" + name + "/bin/" + script;
                    try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
                        if (in == null) {
                            throw new IllegalStateException("missing resource " + resource);
                        }
                        Path target = bin.resolve(script);
                        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot extract buildpack " + name, e);
            }
        }
    }

    public Path dir(String name) {
        return settings.builtinBuildpacks().resolve(name);
    }
}
