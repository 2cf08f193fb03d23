package dev.slipway.events;

import java.util.UUID;

/**
 * The release phase of release vN ended: {@code succeeded} (the command exited 0; the release is
 * live unless a newer one already is) or {@code failed} ({@code reason} says why: the exit status,
 * the time limit, or a newer release that superseded it before its command ran). {@code exitStatus}
 * is null when the command did not exit on its own.
 */
public record ReleasePhaseFinished(UUID appId, UUID releaseId, int version, String status, Integer exitStatus,
                                   String reason) implements Event {
    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";

    public boolean succeeded() {
        return SUCCEEDED.equals(status);
    }
}
