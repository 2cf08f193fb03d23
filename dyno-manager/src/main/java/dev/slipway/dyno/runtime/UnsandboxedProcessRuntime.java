package dev.slipway.dyno.runtime;

import dev.slipway.dyno.config.DynoSettings;
import dev.slipway.dyno.domain.AppRelease;
import dev.slipway.dyno.domain.Dyno;
import dev.slipway.dyno.domain.DynoRuntime;
import dev.slipway.dyno.domain.DynoSpec;
import dev.slipway.dyno.domain.SlugCache;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * The operator's explicit opt-out ({@code SLIPWAY_UNSAFE_UNSANDBOXED=true}) on a machine
 * that cannot sandbox: dynos as plain processes of the platform's user, with a private copy of
 * the slug, a clean environment, and a session of their own (setsid) so that stopping signals
 * every process the dyno started. Nothing keeps a tenant from the platform's files and ports.
 */
final class UnsandboxedProcessRuntime implements DynoRuntime {
    private static final Logger LOG = Logger.getLogger(UnsandboxedProcessRuntime.class);
    private static final String HOST = "127.0.0.1";
    private static final Pattern SAFE = Pattern.compile("^[a-z0-9][a-z0-9.-]{0,62}$");
    private static final String SETSID = Files.isExecutable(Path.of("/usr/bin/setsid")) ? "/usr/bin/setsid" : "setsid";

    private final DynoSettings settings;
    private final SlugCache slugs;

    private final LayerCache layers;

    UnsandboxedProcessRuntime(DynoSettings settings, SlugCache slugs, LayerCache layers) {
        this.layers = layers;
        this.settings = settings;
        this.slugs = slugs;
    }

    @Override
    public Optional<String> startupWarning() {
        return Optional.of("DYNOS ARE NOT SANDBOXED (" + DynoSettings.UNSANDBOXED_VARIABLE + "=true): "
                + "they run as plain processes of the platform's user, with NO namespaces, NO unprivileged user, "
                + "NO cgroup limits and NO network walls: any app can read the platform's secrets and reach "
                + "its ports. Only for a machine where no tenant is untrusted.");
    }

    @Override
    public Handle launch(DynoSpec spec) throws IOException {
        AppRelease release = spec.release();
        Path slug = slugs.fetch(release.slugId(), release.slugUrl());
        Path dynoDir = settings.dynos().resolve(safe(release.appName(), release.appId().toString()))
                .resolve(spec.dynoId().toString());
        Path home = dynoDir.resolve("app");
        Files.createDirectories(home);
        try {
            SlugUnpacker.unpack(slug, home, 0);
            linkLayers(release, home);
            int port = freePort();
            List<String> argv = new ArrayList<>(List.of(SETSID));
            argv.addAll(DynoEnvironment.command(spec));
            // stdout and stderr come to us through one pipe: they are the app's log lines
            ProcessBuilder pb = new ProcessBuilder(argv)
                    .directory(home.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectErrorStream(true);
            Map<String, String> env = pb.environment();
            env.clear();
            env.putAll(DynoEnvironment.of(spec, System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin"),
                    home.toString(), port));
            Process process = pb.start();
            return new LocalHandle(process, port, dynoDir);
        } catch (IOException | RuntimeException e) {
            deleteTree(dynoDir);
            throw e;
        }
    }

    @Override
    public void reap(Dyno stale) {
        if (stale.pid() == null) {
            return;
        }
        // the pid may have been reused since: only a process that carries the dyno's id is ours
        Path environ = Path.of("/proc", stale.pid().toString(), "environ");
        try {
            String env = Files.readString(environ, StandardCharsets.ISO_8859_1);
            if (env.contains("HEROKU_DYNO_ID=" + stale.id() + "\0")) {
                LOG.warnf("killing %s of %s (pid %d), left running by a previous run", stale.name(),
                        stale.appName(), stale.pid());
                signalGroup(stale.pid(), "KILL");
            }
        } catch (IOException e) {
            // gone, or not ours to read: nothing to reap
        }
    }

    @Override
    public void clearWorkspace() {
        deleteTree(settings.dynos());
    }

    /**
     * Without a mount namespace a layer cannot be mounted: the empty directory the slug keeps for it
     * becomes a link to the shared copy (writable to this platform's user, as everything is here).
     */
    private void linkLayers(AppRelease release, Path home) throws IOException {
        for (dev.slipway.events.RuntimeLayer layer : release.layers()) {
            Path unpacked = layers.unpacked(layer);
            Path at = home.resolve(layer.mount().substring("/app/".length()));
            if (Files.isSymbolicLink(at) || (Files.exists(at) && !Files.isDirectory(at, java.nio.file.LinkOption.NOFOLLOW_LINKS))) {
                throw new IOException("the slug has no directory where runtime layer " + layer.mount() + " goes");
            }
            Files.deleteIfExists(at);
            Files.createDirectories(at.getParent());
            Files.createSymbolicLink(at, unpacked);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(HOST, 0));
            return s.getLocalPort();
        }
    }

    private static String safe(String name, String fallback) {
        return name != null && SAFE.matcher(name).matches() && !name.contains("..") ? name : fallback;
    }

    static void signalGroup(long pgid, String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, "--", "-" + pgid)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            kill.waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            LOG.warnf("kill -%s -%d failed: %s", signal, pgid, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void deleteTree(Path dir) {
        SlugUnpacker.deleteTree(dir);
    }

    private static final class LocalHandle implements Handle {
        private final Process process;
        private final int port;
        private final Path dir;
        private final CompletableFuture<Integer> exited;

        LocalHandle(Process process, int port, Path dir) {
            this.process = process;
            this.port = port;
            this.dir = dir;
            this.exited = process.onExit().thenApply(Process::exitValue);
        }

        @Override
        public long pid() {
            return process.pid();
        }

        @Override
        public String host() {
            return HOST;
        }

        @Override
        public int port() {
            return port;
        }

        @Override
        public InputStream output() {
            return process.getInputStream();
        }

        @Override
        public CompletableFuture<Integer> exited() {
            return exited;
        }

        @Override
        public boolean accepting() {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(HOST, port), 200);
                return true;
            } catch (IOException e) {
                return false;
            }
        }

        @Override
        public void terminate() {
            signal("TERM");
        }

        @Override
        public void kill() {
            signal("KILL");
        }

        private void signal(String signal) {
            // the session's group, plus any descendant that left it (a daemonizing child)
            process.descendants().forEach(h -> {
                if ("KILL".equals(signal)) {
                    h.destroyForcibly();
                } else {
                    h.destroy();
                }
            });
            signalGroup(process.pid(), signal);
        }

        @Override
        public void discard() {
            deleteTree(dir);
            try {
                // the app's folder goes with its last dyno
                Files.deleteIfExists(dir.getParent());
            } catch (IOException e) {
                // other dynos of the app still live there
            }
        }
    }
}
