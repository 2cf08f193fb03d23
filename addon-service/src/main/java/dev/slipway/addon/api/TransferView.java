package dev.slipway.addon.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.slipway.addon.domain.Transfer;
import dev.slipway.addon.domain.TransferState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Heroku's data API transfer, as the heroku CLI's {@code pg:backups} reads it: a backup is
 * {@code pg_dump} → {@code gof3r} (Heroku's name for its object store; the CLI names it
 * {@code b001} by these types), a restore {@code gof3r} → {@code pg_restore} ({@code r002}).
 * {@code logs} are always there (the CLI reads them after a failure).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TransferView(UUID uuid, int num, String fromName, String fromType, String fromUrl, String toName,
                           String toType, String toUrl, Map<String, Object> options, long sourceBytes,
                           long processedBytes, boolean succeeded, int warnings, Object schedule, UUID appUuid,
                           Instant createdAt, Instant startedAt, Instant finishedAt, Instant updatedAt,
                           Instant canceledAt, Instant deletedAt, Instant purgedAt, List<Log> logs) {

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Log(Instant createdAt, String level, String message) {}

    public static TransferView of(Transfer t, String sourceBackupName) {
        boolean backup = t.kind() == Transfer.Kind.BACKUP;
        Instant updated = t.finishedAt() != null ? t.finishedAt() : t.startedAt() != null ? t.startedAt() : t.createdAt();
        return new TransferView(t.id(), t.num(),
                backup ? t.addonName() : sourceBackupName, backup ? "pg_dump" : "gof3r", null,
                backup ? "BACKUP" : t.addonName(), backup ? "gof3r" : "pg_restore", backup ? t.backupUrl() : null,
                Map.of(), t.bytes(), t.bytes(), t.state() == TransferState.SUCCEEDED, 0, null, t.appId(),
                t.createdAt(), t.startedAt(), t.finishedAt(), updated, null, null, null, logs(t));
    }

    private static List<Log> logs(Transfer t) {
        List<Log> logs = new ArrayList<>();
        if (t.startedAt() != null) {
            logs.add(new Log(t.startedAt(), "info", t.kind() == Transfer.Kind.BACKUP ? "Running pg_dump" : "Running pg_restore"));
        }
        if (t.finishedAt() != null && t.message() != null) {
            logs.add(new Log(t.finishedAt(), t.state() == TransferState.SUCCEEDED ? "info" : "error", t.message()));
        }
        return logs;
    }
}
