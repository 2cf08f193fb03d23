package dev.slipway.dyno.runtime;

import dev.slipway.dyno.config.DynoSettings;
import dev.slipway.dyno.domain.AppRelease;
import dev.slipway.dyno.domain.Dyno;
import dev.slipway.dyno.domain.DynoRuntime;
import dev.slipway.dyno.domain.DynoSize;
import dev.slipway.dyno.domain.DynoSpec;
import dev.slipway.dyno.domain.SlugCache;
import dev.slipway.dyno.persistence.AppUidRepository;
import dev.slipway.events.RuntimeLayer;
import dev.slipway.kit.Db;
import dev.slipway.kit.sandbox.Sandbox;
import dev.slipway.kit.sandbox.SandboxSpec;
import dev.slipway.kit.sandbox.Sandboxes;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;

/**
 * Dynos in sandboxes (runc, see the README): the slug unpacked as the app's own uid and shown at
 * {@code /app}, the release's runtime layers read-only at their mounts inside it, {@code HOME=/app}, hostname = the dyno's id, the size's cgroup limits, and an
 * address of its own, where the router reaches {@code $PORT}.
 */
final class SandboxedDynoRuntime implements DynoRuntime {
    private static final Logger LOG = Logger.getLogger(SandboxedDynoRuntime.class);
    /** Every dyno has an address of its own, so every dyno can have the same port. */
    static final int PORT = 5000;
    private static final String PATH = "/usr/local/bin:/usr/bin:/bin";

    private final DynoSettings settings;
    private final SlugCache slugs;
    private final LayerCache layers;
    private final Sandboxes sandboxes;
    private final Db db;
    private final AppUidRepository uids;

    SandboxedDynoRuntime(DynoSettings settings, SlugCache slugs, LayerCache layers, Sandboxes sandboxes, Db db,
                         AppUidRepository uids) {
        this.settings = settings;
        this.slugs = slugs;
        this.layers = layers;
        this.sandboxes = sandboxes;
        this.db = db;
        this.uids = uids;
    }

    @Override
    public Handle launch(DynoSpec spec) throws IOException {
        AppRelease release = spec.release();
        long t0 = System.nanoTime();
        int uid = db.inTransaction(c -> uids.uidFor(c, release.appId()));
        long t1 = System.nanoTime();
        Path slug = slugs.fetch(release.slugId(), release.slugUrl());
        long t2 = System.nanoTime();
        // the slug at /app (the dyno's own copy, writable), each runtime layer read-only inside it
        List<SandboxSpec.Bind> binds = new ArrayList<>();
        List<SandboxSpec.Bind> layerBinds = new ArrayList<>();
        for (RuntimeLayer layer : release.layers()) {
            layerBinds.add(SandboxSpec.Bind.readOnly(layers.unpacked(layer), layer.mount()));
        }
        long t3 = System.nanoTime();
        // a crashed dyno restarts under the same dyno id: each launch gets a sandbox of its own
        String id = sandboxes.prefix() + spec.dynoId() + "-"
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        Path dynoDir = settings.dynos().resolve(release.appId().toString()).resolve(id);
        Path app = dynoDir.resolve("app");
        Files.createDirectories(app);
        try {
            SlugUnpacker.unpack(slug, app, uid);
            long t4 = System.nanoTime();
            binds.add(SandboxSpec.Bind.writable(app, "/app"));
            binds.addAll(layerBinds);
            DynoSize size = spec.size();
            SandboxSpec sandbox = new SandboxSpec(id, spec.dynoId().toString(), uid, uid, DynoEnvironment.command(spec),
                    DynoEnvironment.of(spec, PATH, "/app", PORT), "/app",
                    binds,
                    // tmpfs pages count against the dyno's memory limit anyway
                    size.memoryQuotaBytes(),
                    new SandboxSpec.Limits(size.memoryLimitBytes(), size.processLimit(), size.cpuShares()), true);
            SandboxHandle handle = new SandboxHandle(sandboxes.start(sandbox), dynoDir);
            // where a dyno's start goes (issue 15: a warm push's first 200 waits on it)
            LOG.infof("launched %s of %s: uid %d ms, slug fetch %d ms, layers %d ms, slug unpack %d ms, sandbox start %d ms",
                    spec.name(), release.appId(), ms(t0, t1), ms(t1, t2), ms(t2, t3), ms(t3, t4), ms(t4, System.nanoTime()));
            return handle;
        } catch (IOException | RuntimeException e) {
            SlugUnpacker.deleteTree(dynoDir);
            throw e;
        }
    }

    private static long ms(long from, long to) {
        return (to - from) / 1_000_000;
    }

    /** Sandboxes are found by their id prefix in {@link #clearWorkspace()}, not one by one. */
    @Override
    public void reap(Dyno stale) {}

    @Override
    public void clearWorkspace() {
        try {
            sandboxes.reap();
        } catch (IOException e) {
            LOG.warnf("could not reap the sandboxes a previous run left: %s", e.getMessage());
        }
        layers.clearPartial();
        SlugUnpacker.deleteTree(settings.dynos());
    }

    private static final class SandboxHandle implements Handle {
        private final Sandbox sandbox;
        private final Path dir;

        SandboxHandle(Sandbox sandbox, Path dir) {
            this.sandbox = sandbox;
            this.dir = dir;
        }

        @Override
        public long pid() {
            return sandbox.pid();
        }

        @Override
        public String host() {
            return sandbox.address();
        }

        @Override
        public int port() {
            return PORT;
        }

        @Override
        public InputStream output() {
            return sandbox.output();
        }

        @Override
        public CompletableFuture<Integer> exited() {
            return sandbox.exited();
        }

        @Override
        public boolean accepting() {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(sandbox.address(), PORT), 200);
                return true;
            } catch (IOException e) {
                return false;
            }
        }

        @Override
        public void terminate() {
            sandbox.signal("TERM");
        }

        @Override
        public void kill() {
            sandbox.signal("KILL");
        }

        @Override
        public long memoryBytes() {
            return sandbox.memoryBytes();
        }

        @Override
        public long cpuMicros() {
            return sandbox.cpuMicros();
        }

        @Override
        public long oomKills() {
            return sandbox.oomKills();
        }

        @Override
        public void discard() {
            sandbox.close();
            SlugUnpacker.deleteTree(dir);
            try {
                // the app's folder goes with its last dyno
                Files.deleteIfExists(dir.getParent());
            } catch (IOException e) {
                // other dynos of the app still live there
            }
        }
    }
}
