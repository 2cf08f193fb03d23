package dev.slipway.events;

import java.util.List;
import java.util.UUID;

/**
 * Lines the release command of release vN wrote, in order ({@code seq} is the first line's number,
 * from 0). dyno-manager bounds a release's output (lines, bytes, and bytes per event) and makes
 * every line storable (no NUL, valid UTF-8) before it sends it.
 */
public record ReleasePhaseOutput(UUID appId, UUID releaseId, int version, int seq, List<String> lines)
        implements Event {
    public ReleasePhaseOutput {
        lines = lines == null ? List.of() : List.copyOf(lines);
    }
}
