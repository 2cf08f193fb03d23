package dev.slipway.addon.domain;

/** A transfer's life: queued, running (pg_dump or pg_restore), then succeeded or failed for good. */
public enum TransferState {
    PENDING, RUNNING, SUCCEEDED, FAILED;

    public boolean finished() {
        return this == SUCCEEDED || this == FAILED;
    }
}
