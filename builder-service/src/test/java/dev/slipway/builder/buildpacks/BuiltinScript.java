package dev.slipway.builder.buildpacks;

import dev.slipway.builder.config.BuiltinBuildpacks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A built-in buildpack written to disk by {@link BuiltinBuildpacks}, as for a build, whose scripts
 * the tests run as host processes with a build step's clean environment (no sandbox: these tests
 * are about what the scripts decide, the sandbox has tests of its own).
 */
final class BuiltinScript {
    private final Path dir;
    private final Path home;
    private final Map<String, String> extraEnv = new HashMap<>();

    record Result(int exitCode, String output) {
        boolean ok() {
            return exitCode == 0;
        }
    }

    private BuiltinScript(Path dir, Path home) {
        this.dir = dir;
        this.home = home;
    }

    static BuiltinScript of(String name, Path work) {
        try {
            return new BuiltinScript(new BuiltinBuildpacks().extract(name, Files.createDirectories(work.resolve("buildpacks"))),
                    Files.createDirectories(work.resolve("home")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An environment variable of the step, beyond the builder's PATH, HOME, LANG and STACK. */
    BuiltinScript env(String name, String value) {
        extraEnv.put(name, value);
        return this;
    }

    Result detect(Path app) {
        return run("bin/detect", app.toString());
    }

    Result compile(Path app, Path cache, Path envDir) {
        return run("bin/compile", app.toString(), cache.toString(), envDir.toString());
    }

    Result release(Path app) {
        return run("bin/release", app.toString());
    }

    /** Bash with the buildpack's shell libraries sourced, running {@code snippet}. */
    Result shell(String snippet, String... libraries) {
        StringBuilder script = new StringBuilder("set -eo pipefail; BP_DIR=\"$PWD\"; source lib/slipway.sh\n");
        for (String library : libraries) {
            script.append("source lib/").append(library).append('\n');
        }
        return run("/bin/bash", "-c", script.append(snippet).toString());
    }

    private Result run(String command, String... args) {
        Map<String, String> env = new HashMap<>(Map.of("HOME", home.toString(), "STACK", "slipway"));
        env.putAll(extraEnv);
        return run(dir, env, command.startsWith("/") ? command : dir.resolve(command).toString(), args);
    }

    /** A command on the host (what a dyno would run), with a clean environment. */
    static Result host(String command, String... args) {
        return run(Path.of("/"), Map.of(), command, args);
    }

    private static Result run(Path dir, Map<String, String> env, String command, String... args) {
        List<String> line = new ArrayList<>();
        line.add(command);
        line.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(line).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(Map.of("PATH", "/usr/local/bin:/usr/bin:/bin", "LANG", "C.UTF-8"));
        builder.environment().putAll(env);
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(line + " did not finish");
            }
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Removes {@code dir} and all in it (links, never their targets), and makes it again, empty. */
    static Path emptied(Path dir) {
        Result removed = host("/bin/rm", "-rf", "--", dir.toString());
        if (!removed.ok()) {
            throw new IllegalStateException(removed.output());
        }
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes files (relative path to content) under {@code dir}. */
    static Path files(Path dir, Map<String, String> files) {
        try {
            for (Map.Entry<String, String> file : files.entrySet()) {
                Path path = dir.resolve(file.getKey());
                Files.createDirectories(path.getParent());
                Files.writeString(path, file.getValue());
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
