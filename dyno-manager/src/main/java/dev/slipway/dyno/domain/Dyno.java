package dev.slipway.dyno.domain;

import java.time.Instant;
import java.util.UUID;

/** One dyno row: the actual state of a process of an app. */
public record Dyno(UUID id, UUID appId, String appName, String name, String type, UUID releaseId, int releaseVersion,
                   String state, String host, Integer port, Long pid, String command, String size, int restarts,
                   Instant createdAt, Instant updatedAt) {

    public static final String STARTING = "starting";
    public static final String UP = "up";
    public static final String CRASHED = "crashed";
    public static final String DOWN = "down";
    /** One-off dynos (run.NNNN) are not part of the formation. */
    public static final String ONE_OFF_TYPE = "run";
    /** A release phase's dyno (release.N, N the release's version): one-off too, run by {@link ReleasePhases}. */
    public static final String RELEASE_TYPE = "release";

    public Dyno withLaunch(long newPid, String newHost, int newPort) {
        return new Dyno(id, appId, appName, name, type, releaseId, releaseVersion, state, newHost, newPort, newPid, command,
                size, restarts, createdAt, updatedAt);
    }

    public Dyno withState(String newState, int newRestarts) {
        return new Dyno(id, appId, appName, name, type, releaseId, releaseVersion, newState, host, port, pid, command,
                size, newRestarts, createdAt, updatedAt);
    }

    public boolean oneOff() {
        return ONE_OFF_TYPE.equals(type) || RELEASE_TYPE.equals(type);
    }

    public boolean releasePhase() {
        return RELEASE_TYPE.equals(type);
    }

    public boolean web() {
        return "web".equals(type);
    }

    /** The N of {@code web.N}, for stopping the highest first. */
    public int number() {
        int dot = name.lastIndexOf('.');
        try {
            return dot < 0 ? 0 : Integer.parseInt(name.substring(dot + 1));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
