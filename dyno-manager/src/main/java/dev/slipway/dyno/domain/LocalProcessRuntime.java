package dev.slipway.dyno.domain;

import dev.slipway.dyno.config.DynoSettings;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Dynos as local processes: a private copy of the slug per dyno, a clean environment, and a
 * session of its own (setsid) so that stopping signals every process the dyno started.
 */
@ApplicationScoped
public class LocalProcessRuntime implements DynoRuntime {
    private static final Logger LOG = Logger.getLogger(LocalProcessRuntime.class);
    private static final String HOST = "127.0.0.1";
    private static final Pattern SAFE = Pattern.compile("^[a-z0-9][a-z0-9.-]{0,62}$");
    private static final String SETSID = Files.isExecutable(Path.of("/usr/bin/setsid")) ? "/usr/bin/setsid" : "setsid";
    /**
     * Heroku's dyno start: profile scripts first, then bash runs the command (given as {@code $1},
     * so it never travels in the dyno's environment) in place of this shell, so signals reach it.
     */
    private static final String BOOT = "cd \"$HOME\"; for f in .profile.d/*.sh; do [ -r \"$f\" ] && . \"$f\"; done; "
            + "[ -r .profile ] && . ./.profile; exec /bin/bash -c \"$1\"";

    private final DynoSettings settings;
    private final SlugCache slugs;

    LocalProcessRuntime(DynoSettings settings) {
        this.settings = settings;
        this.slugs = new SlugCache(settings.slugs());
    }

    /** What the local runtime does not do yet, for the one loud warning at startup. */
    public static String missingIsolation() {
        return "dynos run as plain processes of the platform's user: NO PID, mount, UTS or IPC namespaces, "
                + "NO unprivileged user, NO memory cgroup (dyno sizes are not enforced, no R14/R15); "
                + "they get only a private copy of the slug, a clean environment and a process group of their own";
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
            untar(slug, home);
            int port = freePort();
            // stdout and stderr come to us through one pipe: they are the app's log lines
            ProcessBuilder pb = new ProcessBuilder(SETSID, "/bin/bash", "-c", BOOT, "dyno", spec.command())
                    .directory(home.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectErrorStream(true);
            Map<String, String> env = pb.environment();
            // never the platform's own variables (database password, API keys): only what a dyno gets
            env.clear();
            env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin"));
            env.put("LANG", System.getenv().getOrDefault("LANG", "en_US.UTF-8"));
            env.putAll(release.configVars());
            env.putAll(spec.extraEnv());
            env.put("PORT", Integer.toString(port));
            env.put("DYNO", spec.name());
            env.put("PS", spec.name());
            env.put("HOME", home.toString());
            env.put("HEROKU_APP_ID", release.appId().toString());
            env.put("HEROKU_APP_NAME", release.appName());
            env.put("HEROKU_DYNO_ID", spec.dynoId().toString());
            env.put("HEROKU_RELEASE_VERSION", "v" + release.version());
            env.put("HEROKU_RELEASE_CREATED_AT", release.createdAt().toString());
            env.put("HEROKU_SLUG_COMMIT", release.commit() == null ? "" : release.commit());
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

    private static void untar(Path slug, Path into) throws IOException {
        Process tar = new ProcessBuilder("tar", "-xzf", slug.toString(), "-C", into.toString(), "--no-same-owner")
                .redirectErrorStream(true).start();
        try {
            String output = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!tar.waitFor(5, TimeUnit.MINUTES) || tar.exitValue() != 0) {
                tar.destroyForcibly();
                throw new IOException("could not extract slug " + slug.getFileName() + ": " + output.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            tar.destroyForcibly();
            throw new IOException("interrupted while extracting the slug", e);
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
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | java.io.UncheckedIOException e) {
            LOG.warnf("could not delete %s: %s", dir, e.getMessage());
        }
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
