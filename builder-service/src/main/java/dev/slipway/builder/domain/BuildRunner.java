package dev.slipway.builder.domain;

import dev.slipway.builder.config.BuilderSettings;
import dev.slipway.builder.domain.Buildpacks.Buildpack;
import dev.slipway.builder.persistence.AppRepository;
import dev.slipway.builder.persistence.BuildRepository;
import dev.slipway.builder.persistence.BuildUids;
import dev.slipway.events.BuildFailed;
import dev.slipway.events.RuntimeLayer;
import dev.slipway.events.SlugBuilt;
import dev.slipway.kit.Db;
import dev.slipway.kit.InternalAuth;
import dev.slipway.kit.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * One build from pushed source to slug. Runs on a worker thread, never inside a transaction: each
 * state change (buildpacks chosen, output lines, the end) is its own short transaction, and the
 * build always ends as succeeded or failed, whatever goes wrong.
 */
@ApplicationScoped
public class BuildRunner {
    private static final Logger LOG = Logger.getLogger(BuildRunner.class);

    private final Db db;
    private final Outbox outbox;
    private final BuilderSettings settings;
    private final Buildpacks buildpacks;
    private final BuildpackSteps steps;
    private final BuildIsolation isolation;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NORMAL).build();

    BuildRunner(Db db, Outbox outbox, BuilderSettings settings, Buildpacks buildpacks, BuildpackSteps steps,
                BuildIsolation isolation) {
        this.isolation = isolation;
        this.db = db;
        this.outbox = outbox;
        this.settings = settings;
        this.buildpacks = buildpacks;
        this.steps = steps;
    }

    /** What the built-in buildpacks read from the source: none of it may lead out of the tree. */
    private static final List<String> BUILTINS_READ = List.of("Procfile", "package.json", "package-lock.json",
            "npm-shrinkwrap.json", "yarn.lock", "pnpm-lock.yaml", ".npmrc");

    private record Outcome(String slugId, long sizeBytes, Map<String, String> processTypes, String buildpack,
                           List<RuntimeLayer> layers) {}

    public void run(UUID buildId) {
        Build build = db.read(c -> BuildRepository.find(c, buildId));
        if (build == null || !Build.PENDING.equals(build.status())) {
            return;
        }
        Path work = settings.workDir(buildId);
        BuildOutput out = new BuildOutput(db, outbox, build, db.read(c -> BuildRepository.lastSeq(c, buildId)));
        try {
            Outcome done = build(build, work, out);
            out.close();
            db.inTransaction(tx -> {
                if (BuildRepository.succeed(tx, build.id(), done.buildpack(), done.slugId())) {
                    outbox.publish(tx, new SlugBuilt(build.appId(), build.id(), build.pushId(), done.slugId(),
                            settings.slugUrl(done.slugId()), done.sizeBytes(), done.processTypes(), done.buildpack(),
                            build.commit(), done.layers()));
                }
                return null;
            });
        } catch (BuildFailure e) {
            fail(build, out, e.getMessage());
        } catch (InterruptedException e) {
            fail(build, out, "Build interrupted: builder-service is shutting down");
            Thread.currentThread().interrupt();
        } catch (Exception | Error e) {
            LOG.errorf(e, "build %s failed unexpectedly", buildId);
            fail(build, out, "Build failed: internal error: " + e);
        } finally {
            out.close();
            try {
                FileTrees.delete(work);
            } catch (IOException e) {
                LOG.warnf(e, "cannot remove %s", work);
            }
        }
    }

    private void fail(Build build, BuildOutput out, String failure) {
        String reason = BuildOutput.clean(failure);
        out.warn(reason);
        out.close();
        db.inTransaction(tx -> {
            if (BuildRepository.fail(tx, build.id(), reason)) {
                outbox.publish(tx, new BuildFailed(build.appId(), build.id(), build.pushId(), reason));
            }
            return null;
        });
    }

    private Outcome build(Build build, Path work, BuildOutput out) throws Exception {
        out.step("Building on the Slipway stack");
        long started = System.nanoTime();
        FileTrees.delete(work);
        Path app = Files.createDirectories(work.resolve("app"));
        Path envDir = Files.createDirectories(work.resolve("env"));
        Path home = Files.createDirectories(work.resolve("home"));
        Path packs = Files.createDirectories(work.resolve("buildpacks"));
        fetchSource(build, app);
        SourceFiles.checkInside(app, BUILTINS_READ);
        writeEnvDir(envDir, db.read(c -> AppRepository.configVars(c, build.appId())));
        StepLauncher launcher = isolation.launcher();
        int uid = db.inTransaction(tx -> BuildUids.of(tx, build.appId()));
        BuildWorkspace ws = new BuildWorkspace(launcher, isolation.sandboxed(), uid, app, envDir, home, processEnv(build));
        ws.own(app);
        ws.own(home);
        ws.ownEnv();
        long sourced = System.nanoTime();

        List<String> configured = db.read(c -> AppRepository.buildpacks(c, build.appId()));
        Map<Buildpack, String> chosen = new LinkedHashMap<>();
        if (configured.isEmpty()) {
            BuildpackSteps.Detected detected = steps.detectFirst(buildpacks.defaults(packs), packs, ws);
            if (detected == null) {
                throw new BuildFailure("No default language could be detected for this app.");
            }
            chosen.put(detected.pack(), detected.name());
        } else {
            for (Buildpack candidate : buildpacks.resolve(configured, build.appId(), packs, ws, out)) {
                String detected = steps.detect(candidate, ws);
                if (detected == null) {
                    throw new BuildFailure("App not compatible with buildpack: " + candidate.name());
                }
                chosen.put(candidate, detected);
            }
        }
        long detected = System.nanoTime();
        List<String> names = chosen.keySet().stream().map(Buildpack::name).toList();
        db.inTransaction(tx -> {
            BuildRepository.setBuildpacks(tx, build.id(), names);
            return null;
        });

        Buildpack last = null;
        BuildpackExports exports = new BuildpackExports(work.resolve("exports"));
        RuntimeLayers layers = new RuntimeLayers();
        for (Map.Entry<Buildpack, String> pack : chosen.entrySet()) {
            last = pack.getKey();
            out.step("Using buildpack: " + last.name());
            out.step(pack.getValue() + " app detected");
            steps.compile(last, ws, settings.cacheDir(build.appId(), last.cacheKey()), exports, layers, out);
        }

        long compiled = System.nanoTime();
        Map<String, String> processTypes = steps.processTypes(last, ws, out);
        long released = System.nanoTime();
        out.step("Compressing...");
        List<RuntimeLayer> stored = steps.storeLayers(layers, app, work, build.appId(), out);
        long layered = System.nanoTime();
        SlugArchive.Written slug = steps.compress(app, build.id(), out);
        // where a build's time goes (issue 15: a warm push's first 200 waits on all of it)
        LOG.infof("build %s: source %d ms, detect %d ms, compile %d ms, release %d ms, layers %d ms, slug %d ms",
                build.id(), ms(started, sourced), ms(sourced, detected), ms(detected, compiled), ms(compiled, released),
                ms(released, layered), ms(layered, System.nanoTime()));
        out.step("Launching...");
        return new Outcome(slug.sha256(), slug.sizeBytes(), processTypes, last.name(), stored);
    }

    private static long ms(long from, long to) {
        return (to - from) / 1_000_000;
    }

    private void fetchSource(Build build, Path app) throws BuildFailure, InterruptedException {
        try {
            HttpRequest request = InternalAuth.signed(HttpRequest.newBuilder(URI.create(build.sourceUrl())))
                    .timeout(Duration.ofMinutes(5)).GET().build();
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw new BuildFailure("Could not fetch the pushed source: HTTP " + response.statusCode());
                }
                SlugArchive.unpack(body, app, settings.sourceMaxBytes(), settings.sourceMaxEntries());
            }
        } catch (SlugArchive.SourceRefused e) {
            throw new BuildFailure(e.getMessage());
        } catch (IOException | IllegalArgumentException e) {
            throw new BuildFailure("Could not fetch the pushed source: " + e.getMessage(), e);
        }
    }

    /** ENV_DIR: one file per config var, named after it; names that are not file names are skipped. */
    private static void writeEnvDir(Path envDir, Map<String, String> vars) throws IOException {
        for (Map.Entry<String, String> var : vars.entrySet()) {
            String name = var.getKey();
            if (name.isEmpty() || name.contains("/") || name.equals(".") || name.equals("..") || name.contains("\0")) {
                continue;
            }
            Files.writeString(envDir.resolve(name), var.getValue() == null ? "" : var.getValue(), StandardCharsets.UTF_8);
        }
    }

    /** What build steps see: a small, clean environment, never the platform's own. */
    private static Map<String, String> processEnv(Build build) {
        return Map.of("PATH", "/usr/local/bin:/usr/bin:/bin", "HOME", BuildWorkspace.HOME, "LANG", "C.UTF-8",
                "STACK", "slipway", "SOURCE_VERSION", build.commit(), "GIT_TERMINAL_PROMPT", "0");
    }
}
