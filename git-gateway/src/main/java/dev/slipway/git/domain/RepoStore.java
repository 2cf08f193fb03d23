package dev.slipway.git.domain;

import dev.slipway.git.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/** The bare repositories on disk, one per app id, each with the gateway's pre-receive hook. */
@ApplicationScoped
public class RepoStore {
    private static final Logger LOG = Logger.getLogger(RepoStore.class);
    private final GatewayConfig config;
    private final byte[] hook;

    RepoStore(GatewayConfig config) {
        this.config = config;
        try (InputStream in = RepoStore.class.getResourceAsStream("/hooks/pre-receive")) {
            this.hook = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path path(UUID appId) {
        return config.reposDir().resolve(appId + ".git");
    }

    /** Ready to take pushes: created and hooked (a repository without the hook would accept unbuilt code). */
    public boolean exists(UUID appId) {
        return Files.isExecutable(path(appId).resolve("hooks").resolve("pre-receive"));
    }

    /** Creates the repository, or refreshes its hook and settings; safe to call any number of times. */
    public synchronized Path ensure(UUID appId) {
        Path repo = path(appId);
        try {
            Files.createDirectories(config.reposDir());
            if (!Files.isRegularFile(repo.resolve("HEAD"))) {
                git(config.reposDir(), "init", "--quiet", "--bare", "--initial-branch=main", repo.toString());
            }
            // Heroku accepts `git push --force`; deletes of the deploy branch are refused by the hook instead.
            git(repo, "config", "receive.denyNonFastForwards", "false");
            git(repo, "config", "receive.denyDeletes", "false");
            // the gateway bounds a push body before git sees it; this is git's own bound behind it
            git(repo, "config", "receive.maxInputSize", Long.toString(config.maxPushBytes()));
            Path target = repo.resolve("hooks").resolve("pre-receive");
            Files.createDirectories(target.getParent());
            Path tmp = Files.createTempFile(target.getParent(), "pre-receive", ".tmp");
            Files.write(tmp, hook);
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.move(tmp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return repo;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void delete(UUID appId) {
        Path repo = path(appId);
        if (!Files.exists(repo)) {
            return;
        }
        try (Stream<Path> files = Files.walk(repo)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warnf(e, "could not delete %s", repo);
        }
    }

    /**
     * Points HEAD at whichever deploy branch exists when its own target does not (an app deployed
     * from master), so that a clone checks out the deployed code instead of warning.
     */
    public void fixHead(UUID appId) {
        if (revParse(appId, "HEAD") != null) {
            return;
        }
        for (String branch : List.of("refs/heads/main", "refs/heads/master")) {
            if (revParse(appId, branch) != null) {
                try {
                    git(path(appId), "symbolic-ref", "HEAD", branch);
                } catch (IOException e) {
                    LOG.warnf(e, "could not point HEAD of %s at %s", appId, branch);
                }
                return;
            }
        }
    }

    /** The commit a branch points at on the server, or null. */
    public String revParse(UUID appId, String ref) {
        try {
            Process p = new ProcessBuilder(config.gitBinary(), "rev-parse", "--verify", "--quiet", ref)
                    .directory(path(appId).toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.waitFor() == 0 && !out.isEmpty() ? out : null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private void git(Path dir, String... args) throws IOException {
        List<String> command = new java.util.ArrayList<>();
        command.add(config.gitBinary());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("git " + String.join(" ", args) + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
