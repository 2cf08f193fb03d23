package dev.slipway.builder.domain;

import dev.slipway.builder.config.BuilderSettings;
import dev.slipway.builder.domain.Buildpacks.Buildpack;
import dev.slipway.events.RuntimeLayer;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/** The classic buildpack API (bin/detect, bin/compile, bin/release) plus the slug compression. */
@ApplicationScoped
public class BuildpackSteps {
    static final long SLUG_LIMIT = 500L * 1024 * 1024;
    static final long SLUG_WARNING = 300L * 1024 * 1024;
    /** A Procfile is a few lines; anything near this is not one. */
    static final int PROCFILE_LIMIT = 64 * 1024;
    private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(1);

    private final BuilderSettings settings;

    BuildpackSteps(BuilderSettings settings) {
        this.settings = settings;
    }

    /** The framework name bin/detect prints, or null when the buildpack does not apply. */
    String detect(Buildpack pack, BuildWorkspace ws) throws Exception {
        ProcessRunner.Captured detect;
        try {
            script(pack, "detect");
            detect = ProcessRunner.capture(ws.launcher(), ws.inspect("detect", pack.dir()), SCRIPT_TIMEOUT);
        } catch (ProcessRunner.TimedOut e) {
            throw new BuildFailure("Build failed: " + pack.name() + " detect timed out");
        } catch (ProcessRunner.TooMuchOutput e) {
            throw new BuildFailure("Build failed: " + pack.name() + " detect printed more than 1 MB");
        }
        if (detect.exitCode() != 0) {
            return null;
        }
        return detectedName(pack, detect.stdout());
    }

    /** The first line bin/detect printed, or the buildpack's own name when it printed none. */
    private static String detectedName(Buildpack pack, String stdout) {
        String name = stdout.strip().lines().findFirst().orElse("").strip();
        return name.isEmpty() ? pack.name() : name;
    }

    /** A default buildpack whose bin/detect accepted the app, and the framework name it printed. */
    record Detected(Buildpack pack, String name) {}

    /**
     * $1: the app; the rest: the buildpacks' directories, in order. Each one's bin/detect runs as
     * it would alone (argument the app, cwd the app); the first that accepts prints its position,
     * a NUL and its output.
     */
    private static final String DETECT_FIRST = "app=\"$1\"; shift; i=0; for bp in \"$@\"; do "
            + "if out=\"$(\"$bp/bin/detect\" \"$app\")\"; then printf '%s\\0%s' \"$i\" \"$out\"; exit 0; fi; "
            + "i=$((i + 1)); done; exit 1";

    /**
     * The first of the built-in default buildpacks (all written into {@code packs}) whose bin/detect
     * accepts the app, or null: each detect as {@link #detect} runs it, but all in one step (one
     * sandbox start instead of up to nine), with the same walls (app and buildpacks read-only, no
     * network).
     */
    Detected detectFirst(List<Buildpack> candidates, Path packs, BuildWorkspace ws) throws Exception {
        List<String> dirs = new ArrayList<>();
        for (Buildpack pack : candidates) {
            script(pack, "detect");
            if (!pack.dir().getParent().equals(packs)) {
                throw new IllegalArgumentException(pack.dir() + " is not in " + packs);
            }
            dirs.add(BuildWorkspace.BUILDPACK + "/" + pack.dir().getFileName());
        }
        ProcessRunner.Captured detect;
        try {
            detect = ProcessRunner.capture(ws.launcher(), ws.inspectEach(DETECT_FIRST, packs, dirs), SCRIPT_TIMEOUT);
        } catch (ProcessRunner.TimedOut e) {
            throw new BuildFailure("Build failed: the default buildpacks' detect timed out");
        } catch (ProcessRunner.TooMuchOutput e) {
            throw new BuildFailure("Build failed: the default buildpacks' detect printed more than 1 MB");
        }
        if (detect.exitCode() != 0) {
            return null;
        }
        String out = detect.stdout();
        int nul = out.indexOf('\0');
        int index;
        try {
            index = Integer.parseInt(nul < 0 ? "" : out.substring(0, nul));
        } catch (NumberFormatException e) {
            throw new IllegalStateException("the default buildpacks' detect answered " + out);
        }
        Buildpack pack = candidates.get(index);
        return new Detected(pack, detectedName(pack, out.substring(nul + 1)));
    }

    /**
     * bin/compile, with what earlier buildpacks exported sourced first; afterwards this one's
     * export is kept for the buildpacks after it, and the runtime layers it declared are noted. A failure names the buildpack, the exit code and
     * the last error line (`` !     ...``) the buildpack printed.
     */
    void compile(Buildpack pack, BuildWorkspace ws, Path cacheDir, BuildpackExports exports, RuntimeLayers layers,
                 BuildOutput out) throws Exception {
        Files.createDirectories(cacheDir);
        ws.own(cacheDir);
        script(pack, "compile");
        // the compile gets a copy of its own, writable for $BP_DIR/export; the original (a
        // custom buildpack's checkout) stays read-only to the build
        pack = new Buildpack(pack.name(), BuildpackExports.ownCopy(pack.dir(), ws.home().resolveSibling("compile-"
                + java.util.UUID.randomUUID())), pack.cacheKey());
        BuildpackExports.clear(pack);
        RuntimeLayers.clear(pack);
        ws.own(pack.dir());
        Duration timeout = settings.compileTimeout();
        LastError lastError = new LastError();
        int exit;
        try {
            exit = ProcessRunner.stream(ws.launcher(), ws.compile(pack.dir(), cacheDir, exports.forNextCompile()), timeout,
                    (line, bytes) -> {
                        lastError.see(line);
                        return out.accept(line, bytes);
                    });
        } catch (ProcessRunner.TooMuchOutput e) {
            throw new BuildFailure("Build failed: the build printed more than " + BuildOutput.MAX_VOLUME / 1024 / 1024
                    + " MB of output and was stopped. Make it quieter and push again.");
        } catch (ProcessRunner.TimedOut e) {
            throw new BuildFailure("Build failed: " + pack.name() + " compile timed out after "
                    + (timeout.toSeconds() % 60 == 0 ? timeout.toMinutes() + " minutes" : timeout.toSeconds() + " seconds")
                    + " and was killed");
        }
        if (exit != 0) {
            throw new BuildFailure(compileFailed(pack.name(), exit, lastError.line));
        }
        exports.collect(pack);
        layers.collect(pack, cacheDir);
    }

    static String compileFailed(String buildpack, int exit, String lastError) {
        String reason = "Build failed: " + buildpack + " compile exited with " + exit;
        return lastError == null ? reason : reason + ": " + lastError;
    }

    /** The last line a buildpack printed as an error (Heroku's `` !     `` prefix), without the prefix. */
    static final class LastError {
        private static final int MAX = 500;
        String line;

        void see(String printed) {
            if (printed.startsWith(" !")) {
                String text = printed.substring(2).strip();
                if (!text.isEmpty()) {
                    line = text.length() > MAX ? text.substring(0, MAX) + "…" : text;
                }
            }
        }
    }

    /** The last buildpack's defaults, overridden type by type by the Procfile. */
    Map<String, String> processTypes(Buildpack last, BuildWorkspace ws, BuildOutput out) throws Exception {
        out.step("Discovering process types");
        Map<String, String> defaults = Map.of();
        if (Files.exists(last.dir().resolve("bin/release"), LinkOption.NOFOLLOW_LINKS)) {
            ProcessRunner.Captured release;
            try {
                script(last, "release");
                release = ProcessRunner.capture(ws.launcher(), ws.inspect("release", last.dir()), SCRIPT_TIMEOUT);
            } catch (ProcessRunner.TimedOut e) {
                throw new BuildFailure("Build failed: " + last.name() + " release timed out");
            } catch (ProcessRunner.TooMuchOutput e) {
                throw new BuildFailure("Build failed: " + last.name() + " release printed more than 1 MB");
            }
            if (release.exitCode() != 0) {
                throw new BuildFailure("Build failed: " + last.name() + " release exited with " + release.exitCode());
            }
            ProcessTypes.Parsed parsed = ProcessTypes.parseRelease(release.stdout());
            parsed.warnings().forEach(out::warn);
            defaults = parsed.types();
            refuseUnstorable(last.name() + " bin/release", defaults);
        }
        Map<String, String> types = new LinkedHashMap<>(defaults);
        String procfile = SourceFiles.readText(ws.app(), "Procfile", PROCFILE_LIMIT);
        if (procfile != null) {
            ProcessTypes.Parsed parsed = ProcessTypes.parseProcfile(procfile);
            parsed.warnings().forEach(out::warn);
            refuseUnstorable("Procfile", parsed.types());
            types.putAll(parsed.types());
            out.info("Procfile declares types -> " + names(parsed.types()));
        } else {
            out.info("Procfile declares types -> (none)");
        }
        if (!defaults.isEmpty()) {
            out.info("Default types for buildpack -> " + names(defaults));
        }
        refuseUnstorable("The app", types);
        return types;
    }

    /**
     * A NUL in a command would poison every service downstream (PostgreSQL text and jsonb reject
     * it), and too many or too long commands would not fit the slug's event.
     */
    private static void refuseUnstorable(String origin, Map<String, String> types) throws BuildFailure {
        String why = ProcessTypes.unstorable(origin, types);
        if (why != null) {
            throw new BuildFailure(why);
        }
    }

    SlugArchive.Written compress(Path app, UUID buildId, BuildOutput out) throws Exception {
        Path slugs = Files.createDirectories(settings.slugs());
        Path tmp = slugs.resolve("tmp-" + buildId + ".tgz");
        SlugArchive.Written slug;
        try {
            slug = SlugArchive.pack(app, tmp, SLUG_LIMIT);
        } catch (SlugArchive.TooLarge e) {
            throw new BuildFailure(TOO_LARGE);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        String warning = sizeWarning(slug.sizeBytes());
        if (warning != null) {
            out.warn(warning);
        }
        Path target = slugs.resolve(slug.sha256() + ".tgz");
        if (Files.exists(target)) {
            Files.delete(tmp);
        } else {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        }
        out.info("Done: " + megabytes(slug.sizeBytes()));
        return slug;
    }

    /**
     * Splits the declared runtime layers off the build dir and stores each once ({@link LayerStore}):
     * the slug then carries an empty directory where each mounts.
     */
    List<RuntimeLayer> storeLayers(RuntimeLayers layers, Path app, Path work, UUID appId, BuildOutput out)
            throws Exception {
        List<RuntimeLayer> stored = new ArrayList<>();
        LayerStore store = new LayerStore(settings.layers());
        for (RuntimeLayers.Split split : layers.split(app, work.resolve("layers"))) {
            LayerStore.Stored layer;
            try {
                layer = store.store(split.tree(), settings.layerIndex(appId), SLUG_LIMIT);
            } catch (SlugArchive.TooLarge e) {
                throw new BuildFailure("Build failed: the runtime layer " + split.mount() + " is larger than 500M.");
            }
            out.info("Runtime layer " + split.mount() + ": " + layer.id().substring(0, 12) + " ("
                    + megabytes(layer.sizeBytes()) + (layer.packed() ? ", stored" : ", unchanged") + ")");
            stored.add(new RuntimeLayer(layer.id(), settings.layerUrl(layer.id()), split.mount()));
        }
        return stored;
    }

    /** Heroku's refusal, word for word. */
    static final String TOO_LARGE = "Compiled slug size is too large (max is 500M).";

    /** Heroku's warning over the soft limit, or null under it. */
    static String sizeWarning(long bytes) {
        return bytes > SLUG_WARNING
                ? "Warning: Your slug size (" + megabytes(bytes) + ") exceeds our soft limit (300M) which may affect boot time."
                : null;
    }

    static String megabytes(long bytes) {
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1fK", bytes / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1fM", bytes / 1024.0 / 1024.0);
    }

    private static String names(Map<String, String> types) {
        return types.isEmpty() ? "(none)" : String.join(", ", types.keySet());
    }

    /**
     * Checks that the script is a regular file inside the buildpack (a custom buildpack is the
     * tenant's: a link there could make the builder change a host file) and makes it executable,
     * since a cloned buildpack may have lost its exec bits.
     */
    static void script(Buildpack pack, String name) throws BuildFailure, IOException {
        Path bin = pack.dir().resolve("bin");
        Path script = bin.resolve(name);
        if (Files.isSymbolicLink(bin) || !Files.isRegularFile(script, LinkOption.NOFOLLOW_LINKS)) {
            throw new BuildFailure("Buildpack " + pack.name() + " has no bin/" + name + " (a regular file, not a link)");
        }
        if (!Files.isExecutable(script)) {
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("r-xr-xr-x"));
        }
    }
}
