package dev.slipway.addon.provider;

import dev.slipway.addon.config.AddonSettings;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The operating-system side of backups: PostgreSQL 17's {@code pg_dump} and {@code pg_restore}
 * run as the add-on's owner role (its password in {@code PGPASSWORD}, never on a command line)
 * against the tenant cluster. A dump streams through here, so its size bound holds to the byte.
 */
@ApplicationScoped
public class PgClientTools {
    private static final long TIMEOUT_MINUTES = 60;
    private static final int STDERR_KEPT = 4096;

    private final AddonSettings settings;

    PgClientTools(AddonSettings settings) {
        this.settings = settings;
    }

    /** pg_dump or pg_restore did not do it; the message is for the user (the tool's last words). */
    public static final class ToolFailed extends Exception {
        public ToolFailed(String message) {
            super(message);
        }
    }

    /** {@code pg_dump -Fc} of the database into {@code target}; its size in bytes. */
    public long dump(String providerId, String password, Path target) throws ToolFailed, IOException, InterruptedException {
        Process p = start(password, List.of(tool("pg_dump").toString(), "--format=custom", "--no-password",
                "--host=" + settings.adminHost(), "--port=" + settings.port(), "--username=" + providerId,
                "--dbname=" + providerId));
        CompletableFuture<String> stderr = stderrOf(p);
        long bytes = 0;
        boolean tooBig = false;
        try (InputStream in = p.getInputStream(); OutputStream out = Files.newOutputStream(target)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                bytes += n;
                if (bytes > settings.maxBackupBytes()) {
                    tooBig = true;
                    p.destroyForcibly();
                    break;
                }
                out.write(buffer, 0, n);
            }
        }
        int exit = waitFor(p);
        if (tooBig) {
            throw new ToolFailed("The backup is larger than this platform keeps (" + settings.maxBackupBytes()
                    + " bytes); it was stopped.");
        }
        if (exit != 0) {
            throw new ToolFailed("pg_dump exited " + exit + ": " + stderr.join());
        }
        return bytes;
    }

    /** {@code pg_restore --clean --if-exists --no-owner --no-acl} of {@code source} into the database. */
    public void restore(String providerId, String password, Path source) throws ToolFailed, IOException, InterruptedException {
        Process p = start(password, List.of(tool("pg_restore").toString(), "--clean", "--if-exists", "--no-owner",
                "--no-acl", "--no-password", "--host=" + settings.adminHost(), "--port=" + settings.port(),
                "--username=" + providerId, "--dbname=" + providerId, source.toString()));
        p.getInputStream().close();
        CompletableFuture<String> stderr = stderrOf(p);
        int exit = waitFor(p);
        if (exit != 0) {
            throw new ToolFailed("pg_restore exited " + exit + ": " + stderr.join());
        }
    }

    private Path tool(String name) throws ToolFailed {
        Path tool = settings.clientBin().resolve(name);
        if (!Files.isExecutable(tool)) {
            throw new ToolFailed(name + " is not installed on this platform (" + tool + "); the operator runs"
                    + " addon-service/bin/pg-client-17 or sets SLIPWAY_ADDON_PG_CLIENT_BIN.");
        }
        return tool;
    }

    private static Process start(String password, List<String> command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().keySet().removeIf(k -> k.startsWith("PG"));
        builder.environment().put("PGPASSWORD", password);
        builder.environment().put("PGCONNECT_TIMEOUT", "10");
        return builder.start();
    }

    /** The tool's stderr, its last {@value #STDERR_KEPT} bytes kept: what a failed transfer reports. */
    private static CompletableFuture<String> stderrOf(Process p) {
        return CompletableFuture.supplyAsync(() -> {
            try (InputStream err = p.getErrorStream()) {
                byte[] kept = new byte[STDERR_KEPT];
                int length = 0;
                byte[] buffer = new byte[8192];
                for (int n; (n = err.read(buffer)) >= 0; ) {
                    if (n >= STDERR_KEPT) {
                        System.arraycopy(buffer, n - STDERR_KEPT, kept, 0, STDERR_KEPT);
                        length = STDERR_KEPT;
                    } else {
                        int keep = Math.min(length, STDERR_KEPT - n);
                        System.arraycopy(kept, length - keep, kept, 0, keep);
                        System.arraycopy(buffer, 0, kept, keep, n);
                        length = keep + n;
                    }
                }
                return new String(kept, 0, length, StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                return "(its error output could not be read: " + e.getMessage() + ")";
            }
        });
    }

    private static int waitFor(Process p) throws InterruptedException, ToolFailed {
        if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new ToolFailed("stopped after " + TIMEOUT_MINUTES + " minutes.");
        }
        return p.exitValue();
    }
}
