package dev.slipway.addon.domain;

import dev.slipway.addon.config.AddonSettings;
import dev.slipway.addon.persistence.AddonRepository;
import dev.slipway.addon.persistence.TransferRepository;
import dev.slipway.addon.provider.PgClientTools;
import dev.slipway.kit.AccessGuard;
import dev.slipway.kit.AppRef;
import dev.slipway.kit.Caller;
import dev.slipway.kit.Db;
import dev.slipway.kit.HerokuError;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.logging.Logger;

/**
 * Heroku Postgres backups ({@code pg:backups}): a capture records a pending transfer and runs
 * pg_dump in the background (one transfer at a time on this service), into
 * {@code <backups dir>/<app id>/<transfer id>.dump}; a restore runs pg_restore of one of the
 * caller's backups into an add-on's database. An app keeps its newest few backups (a capture
 * rotates the oldest out); a backup outlives its add-on, not its app. Transfers left unfinished by a restart
 * fail at the next start, with that reason.
 */
@ApplicationScoped
public class BackupService {
    private static final Logger LOG = Logger.getLogger(BackupService.class);
    private static final Duration DOWNLOAD_LIFETIME = Duration.ofHours(1);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Db db;
    private final AccessGuard guard;
    private final AddonService addonService;
    private final AddonRepository addons;
    private final TransferRepository transfers;
    private final PgClientTools tools;
    private final AddonSettings settings;
    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "pg-transfers");
        t.setDaemon(true);
        return t;
    });

    BackupService(Db db, AccessGuard guard, AddonService addonService, AddonRepository addons,
                  TransferRepository transfers, PgClientTools tools, AddonSettings settings) {
        this.db = db;
        this.guard = guard;
        this.addonService = addonService;
        this.addons = addons;
        this.transfers = transfers;
        this.tools = tools;
        this.settings = settings;
    }

    void failInterrupted(@Observes StartupEvent started) {
        db.inTransaction(tx -> {
            for (Transfer t : transfers.unfinished(tx)) {
                transfers.finished(tx, t.id(), TransferState.FAILED, 0, "Interrupted: addon-service restarted.");
            }
            return null;
        });
    }

    void stop(@Observes ShutdownEvent stopping) {
        runner.shutdownNow();
    }

    /** {@code pg:backups:capture}: a pending backup of the add-on's database, run in the background. */
    public Transfer capture(Caller caller, String addonIdOrName) {
        Addon addon = addonService.visible(caller, addonIdOrName);
        String password = password(addon);
        Transfer backup = db.inTransaction(tx -> {
            addons.lockApp(tx, addon.appId());
            return transfers.insert(tx, addon.appId(), Transfer.Kind.BACKUP, addon.id(), addon.name(), null);
        });
        runner.execute(() -> runBackup(backup, addon.providerId(), password));
        return backup;
    }

    /**
     * {@code pg:backups:restore [APP::]b001 DATABASE}: the CLI sends the backup's {@code to_url},
     * which names one of this platform's backups. A URL of anything else is refused: the platform
     * fetches nothing a tenant names.
     */
    public Transfer restore(Caller caller, String addonIdOrName, String backupUrl) {
        Addon target = addonService.visible(caller, addonIdOrName);
        Transfer backup = backupNamedBy(caller, backupUrl);
        if (backup.state() != TransferState.SUCCEEDED) {
            throw HerokuError.invalidParams("Backup " + backup.name() + " did not complete successfully.");
        }
        String password = password(target);
        Transfer restore = db.inTransaction(tx -> {
            addons.lockApp(tx, target.appId());
            return transfers.insert(tx, target.appId(), Transfer.Kind.RESTORE, target.id(), target.name(), backup.id());
        });
        Path file = file(backup);
        runner.execute(() -> runRestore(restore, target.providerId(), password, file));
        return restore;
    }

    public List<Transfer> list(AppRef app) {
        return db.read(c -> transfers.ofApp(c, app.id()));
    }

    /** By its number ({@code 1}, {@code b001}) or uuid, of this app only; else 404. */
    public Transfer get(AppRef app, String numOrId) {
        return db.read(c -> find(c, app, numOrId)).orElseThrow(BackupService::notFound);
    }

    /** {@code pg:backups:delete}: the backup's file and row. */
    public Transfer delete(AppRef app, String numOrId) {
        Transfer transfer = get(app, numOrId);
        if (!transfer.state().finished()) {
            throw HerokuError.invalidParams(transfer.name() + " is still running.");
        }
        db.inTransaction(tx -> {
            transfers.delete(tx, transfer.id());
            return null;
        });
        deleteFile(transfer);
        return transfer;
    }

    /** A link to a backup's file for whoever holds it, for an hour: the token itself, only its hash is kept. */
    public record DownloadLink(String token, Instant expiresAt) {}

    public DownloadLink downloadLink(AppRef app, String numOrId) {
        Transfer backup = get(app, numOrId);
        if (backup.kind() != Transfer.Kind.BACKUP || backup.state() != TransferState.SUCCEEDED) {
            throw HerokuError.invalidParams(backup.name() + " is not a completed backup.");
        }
        String token = HexFormat.of().formatHex(randomBytes(32));
        Instant expiresAt = Instant.now().plus(DOWNLOAD_LIFETIME);
        db.inTransaction(tx -> {
            transfers.setDownload(tx, backup.id(), sha256(token), expiresAt);
            return null;
        });
        return new DownloadLink(token, expiresAt);
    }

    /** The file a download link names while it lasts; else 404. */
    public Path download(String token) {
        if (token == null || !token.matches("[0-9a-f]{64}")) {
            throw notFound();
        }
        Transfer backup = db.read(c -> transfers.findByDownload(c, sha256(token))).orElseThrow(BackupService::notFound);
        Path file = file(backup);
        if (!Files.isRegularFile(file)) {
            throw notFound();
        }
        return file;
    }

    /**
     * The app is gone: its transfers' rows in {@code tx} and its backups' files (at once, as its
     * databases were dropped: a retried event finds them gone already).
     */
    public void forgetAllOf(Connection tx, UUID appId) throws SQLException {
        transfers.deleteAllOfApp(tx, appId);
        deleteFolder(settings.backupsDir().resolve(appId.toString()));
    }

    private Transfer backupNamedBy(Caller caller, String backupUrl) {
        if (backupUrl == null || !backupUrl.startsWith(Transfer.BACKUP_URL_PREFIX)) {
            throw HerokuError.invalidParams("Slipway restores only its own backups (pg:backups:restore b001 or"
                    + " APP::b001); it does not fetch a URL.");
        }
        UUID id;
        try {
            id = UUID.fromString(backupUrl.substring(Transfer.BACKUP_URL_PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw notFound();
        }
        Transfer backup = db.read(c -> transfers.find(c, id)).filter(t -> t.kind() == Transfer.Kind.BACKUP)
                .orElseThrow(BackupService::notFound);
        try {
            guard.app(caller, backup.appId().toString());
        } catch (HerokuError e) {
            throw notFound();
        }
        return backup;
    }

    private Optional<Transfer> find(Connection c, AppRef app, String numOrId) throws SQLException {
        if (numOrId.matches("[bcr]?\\d{1,9}")) {
            return transfers.findByNum(c, app.id(), Integer.parseInt(numOrId.replaceFirst("^[bcr]", "")));
        }
        try {
            return transfers.find(c, UUID.fromString(numOrId)).filter(t -> t.appId().equals(app.id()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private void runBackup(Transfer backup, String providerId, String password) {
        Path file = file(backup);
        try {
            started(backup);
            Files.createDirectories(file.getParent());
            long bytes = tools.dump(providerId, password, file);
            finished(backup, TransferState.SUCCEEDED, bytes, "Backup completed.");
            rotate(backup.appId());
        } catch (PgClientTools.ToolFailed | IOException e) {
            LOG.warnf("backup %s of %s failed: %s", backup.name(), backup.addonName(), e.getMessage());
            deleteFile(backup);
            finished(backup, TransferState.FAILED, 0, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.errorf(e, "backup %s of %s failed", backup.name(), backup.addonName());
            deleteFile(backup);
            finished(backup, TransferState.FAILED, 0, "The backup failed on the platform's side.");
        }
    }

    private void runRestore(Transfer restore, String providerId, String password, Path file) {
        try {
            started(restore);
            tools.restore(providerId, password, file);
            finished(restore, TransferState.SUCCEEDED, Files.size(file), "Restore completed.");
        } catch (PgClientTools.ToolFailed | IOException e) {
            LOG.warnf("restore %s into %s failed: %s", restore.name(), restore.addonName(), e.getMessage());
            finished(restore, TransferState.FAILED, 0, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.errorf(e, "restore %s into %s failed", restore.name(), restore.addonName());
            finished(restore, TransferState.FAILED, 0, "The restore failed on the platform's side.");
        }
    }

    /** Keeps the app's newest backups within the bound; the others' rows and files go. */
    private void rotate(UUID appId) {
        List<Transfer> old = db.inTransaction(tx -> {
            List<Transfer> beyond = transfers.backupsBeyond(tx, appId, settings.maxBackupsPerApp());
            for (Transfer t : beyond) {
                transfers.delete(tx, t.id());
            }
            return beyond;
        });
        old.forEach(this::deleteFile);
    }

    private void started(Transfer t) {
        db.inTransaction(tx -> {
            transfers.started(tx, t.id());
            return null;
        });
    }

    private void finished(Transfer t, TransferState state, long bytes, String message) {
        db.inTransaction(tx -> {
            transfers.finished(tx, t.id(), state, bytes, message);
            return null;
        });
    }

    private Path file(Transfer backup) {
        return settings.backupsDir().resolve(backup.appId().toString()).resolve(backup.id() + ".dump");
    }

    private void deleteFile(Transfer t) {
        try {
            Files.deleteIfExists(file(t));
        } catch (IOException e) {
            LOG.errorf(e, "could not delete the file of %s", t.name());
        }
    }

    private static void deleteFolder(Path folder) {
        try (var files = Files.list(folder)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(folder);
        } catch (java.nio.file.NoSuchFileException e) {
            // the app had no backups
        } catch (IOException e) {
            LOG.errorf(e, "could not delete the backups in %s", folder);
        }
    }

    private String password(Addon addon) {
        return db.read(c -> addons.password(c, addon.id())).orElseThrow(() -> HerokuError.invalidParams(
                addon.name() + " was made before Slipway kept credentials; it has no backups or credentials."
                        + " Make a new add-on and move the data with pg_dump."));
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static HerokuError notFound() {
        return HerokuError.notFound("Couldn't find that backup.");
    }
}
