package dev.slipway.builder.domain;

import dev.slipway.builder.config.BuilderSettings;
import dev.slipway.builder.config.BuiltinBuildpacks;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * Turns an app's buildpack list (names or git URLs) into directories holding bin/detect, compile,
 * release. Nothing here is shared between apps: a built-in buildpack is written afresh from the
 * jar into each build's own directory, and a custom one is checked out into a directory of its
 * app's own, so no build can plant code that another app's build runs.
 */
@ApplicationScoped
public class Buildpacks {
    /** A buildpack ready to run; {@code cacheKey} names its CACHE_DIR under the app's cache. */
    public record Buildpack(String name, Path dir, String cacheKey) {}

    private final BuilderSettings settings;
    private final BuiltinBuildpacks builtins;
    private final BuildpackFetch fetch;

    Buildpacks(BuilderSettings settings, BuiltinBuildpacks builtins, BuildpackFetch fetch) {
        this.settings = settings;
        this.builtins = builtins;
        this.fetch = fetch;
    }

    /** The built-ins in detection order, written into {@code into} (one build's directory). */
    public List<Buildpack> defaults(Path into) throws IOException {
        List<Buildpack> packs = new ArrayList<>();
        for (String name : BuiltinBuildpacks.NAMES) {
            packs.add(new Buildpack("heroku/" + name, builtins.extract(name, into), name));
        }
        return packs;
    }

    /** The app's configured buildpacks: built-ins written into {@code into}, git ones fetched into the app's own clones. */
    public List<Buildpack> resolve(List<String> configured, UUID appId, Path into, BuildWorkspace ws,
                                   BuildOutput out) throws BuildFailure, InterruptedException, IOException {
        List<Buildpack> resolved = new ArrayList<>();
        for (String entry : configured) {
            String builtin = BuildpackAliases.builtin(entry).orElse(null);
            if (builtin != null) {
                resolved.add(new Buildpack(entry, builtins.extract(builtin, into), builtin));
                continue;
            }
            if (!entry.contains("://")) {
                throw new BuildFailure("Buildpack " + entry + " is not available here: use one of "
                        + BuildpackAliases.known() + ", or an https://, http:// or git:// URL");
            }
            BuildpackSource source;
            try {
                source = BuildpackSource.parse(entry);
            } catch (BuildpackSource.Invalid e) {
                throw new BuildFailure(e.getMessage());
            }
            resolved.add(checkout(entry, source, appId, ws, out));
        }
        return resolved;
    }

    private Buildpack checkout(String entry, BuildpackSource source, UUID appId, BuildWorkspace ws,
                               BuildOutput out) throws BuildFailure, InterruptedException {
        String key = sha256(entry).substring(0, 16);
        Path dir = settings.clonedBuildpacks(appId).resolve(key);
        out.step("Fetching buildpack " + entry);
        fetch.checkout(entry, source, dir, ws, out);
        String tail = source.url().replaceAll("\\.git$", "").replaceAll(".*[/:]", "").replaceAll("[^\\w.-]", "_");
        return new Buildpack(entry, dir, tail + "-" + key);
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
