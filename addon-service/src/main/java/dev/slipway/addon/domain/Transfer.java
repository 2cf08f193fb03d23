package dev.slipway.addon.domain;

import java.time.Instant;
import java.util.UUID;

/**
 * One of Heroku's transfers, numbered per app: a backup ({@code b001}, pg_dump of an add-on's
 * database into a file) or a restore ({@code r002}, a backup into a database). {@code addonId} is
 * null once the add-on is destroyed (its backups stay); {@code sourceBackupId} is a restore's backup.
 */
public record Transfer(UUID id, UUID appId, int num, Kind kind, UUID addonId, String addonName, UUID sourceBackupId,
                       TransferState state, long bytes, String message, Instant createdAt, Instant startedAt,
                       Instant finishedAt) {

    public enum Kind {
        BACKUP('b'), RESTORE('r');

        private final char prefix;

        Kind(char prefix) {
            this.prefix = prefix;
        }

        public char prefix() {
            return prefix;
        }
    }

    /** Heroku's name: {@code b001}, {@code r002}. */
    public String name() {
        return kind.prefix() + String.format("%03d", num);
    }

    /** What {@code pg:backups:restore} sends back as {@code backup_url}: a backup of this platform, never a URL fetched. */
    public String backupUrl() {
        return BACKUP_URL_PREFIX + id;
    }

    public static final String BACKUP_URL_PREFIX = "slipway-backup:";
}
