package dev.slipway.builder.config;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Where the builder keeps its files (all under {@code $SLIPWAY_HOME/builder-service/}) and its limits. */
@ApplicationScoped
public class BuilderSettings {
    private final Path root;
    private final String internalUrl;
    private final String publicUrl;
    private final int workers;
    private final Duration compileTimeout;
    private final long sourceMaxBytes;
    private final int sourceMaxEntries;
    private final boolean sandbox;

    BuilderSettings(@ConfigProperty(name = "slipway.home") String home,
                    @ConfigProperty(name = "slipway.builder.url") String internalUrl,
                    @ConfigProperty(name = "slipway.builder.public-url") String publicUrl,
                    @ConfigProperty(name = "slipway.builder.workers") int workers,
                    @ConfigProperty(name = "slipway.builder.compile-timeout") Duration compileTimeout,
                    @ConfigProperty(name = "slipway.builder.source-max-bytes") long sourceMaxBytes,
                    @ConfigProperty(name = "slipway.builder.source-max-entries") int sourceMaxEntries,
                    @ConfigProperty(name = "slipway.builder.unsafe-unsandboxed") boolean unsandboxed) {
        this.root = Path.of(home).toAbsolutePath().resolve("builder-service");
        this.internalUrl = stripSlash(internalUrl);
        this.publicUrl = stripSlash(publicUrl);
        this.workers = workers;
        this.compileTimeout = compileTimeout;
        this.sourceMaxBytes = sourceMaxBytes;
        this.sourceMaxEntries = sourceMaxEntries;
        this.sandbox = !unsandboxed;
    }

    /** The service's own directory under the platform home. */
    public Path home() {
        return root;
    }

    /** Whether build steps must run in sandboxes (false: the operator's explicit opt-out). */
    public boolean sandbox() {
        return sandbox;
    }

    /** The sandboxes' OCI bundles (removed with each sandbox). */
    public Path sandboxBundles() {
        return root.resolve("sandboxes");
    }

    /** Scratch space of one build, removed when it ends. */
    public Path workDir(java.util.UUID buildId) {
        return root.resolve("work").resolve(buildId.toString());
    }

    /** CACHE_DIR, kept between builds of one app and one buildpack. */
    public Path cacheDir(java.util.UUID appId, String buildpackKey) {
        return appCacheDir(appId).resolve(buildpackKey);
    }

    public Path appCacheDir(java.util.UUID appId) {
        return root.resolve("cache").resolve(appId.toString());
    }

    public Path slugs() {
        return root.resolve("slugs");
    }

    /** Runtime layers, {@code <sha256>.tar}, one per content, shared by every app whose slug names it. */
    public Path layers() {
        return root.resolve("layers");
    }

    /**
     * Per app: which stored layer a tree with a given fingerprint (names, sizes, modes, times)
     * gave, so an unchanged runtime is not packed again on every push. Per app, because the
     * fingerprint is not the content: a tenant who forges one fools only its own builds.
     */
    public Path layerIndex(java.util.UUID appId) {
        return root.resolve("layer-index").resolve(appId.toString());
    }

    public String layerUrl(String layerId) {
        return internalUrl + "/internal/layers/" + layerId;
    }

    /** Custom buildpacks checked out from git: one directory per app, one per URL in it, never shared. */
    public Path clonedBuildpacks(java.util.UUID appId) {
        return root.resolve("buildpack-clones").resolve(appId.toString());
    }

    public String slugUrl(String slugId) {
        return internalUrl + "/internal/slugs/" + slugId;
    }

    public String outputStreamUrl(String appName, java.util.UUID buildId) {
        return publicUrl + "/apps/" + appName + "/builds/" + buildId + "/output";
    }

    public int workers() {
        return workers;
    }

    public Duration compileTimeout() {
        return compileTimeout;
    }

    /** The pushed source, unpacked: at most this many bytes of file content... */
    public long sourceMaxBytes() {
        return sourceMaxBytes;
    }

    /** ...and this many entries (files, directories, links). */
    public int sourceMaxEntries() {
        return sourceMaxEntries;
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
