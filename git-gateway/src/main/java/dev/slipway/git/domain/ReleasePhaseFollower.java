package dev.slipway.git.domain;

import dev.slipway.events.DynoStateChanged;
import dev.slipway.events.Event;
import dev.slipway.events.ReleaseCreated;
import dev.slipway.events.ReleasePhaseFinished;
import dev.slipway.events.ReleasePhaseOutput;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The release phase as the pusher sees it, Heroku's way: {@code Running release command...}, the
 * command's output as dyno-manager sends it, then {@code Waiting for release.... done.} or
 * {@code failed.} with the reason. The push itself stands either way (the code is stored, as on
 * Heroku); only the release is not live.
 */
final class ReleasePhaseFollower {
    enum Outcome { SUCCEEDED, FAILED, STILL_RUNNING }

    private ReleasePhaseFollower() {}

    /**
     * @param early events of the app that arrived before the release did (another topic may overtake it)
     * @param deadline {@link System#nanoTime()} by which the push gives up waiting
     */
    static Outcome follow(ReleaseCreated release, List<Event> early, BlockingQueue<Event> events,
                          DeployVerification verification, long deadline, Consumer<String> out)
            throws InterruptedException {
        out.accept("Running release command...");
        out.accept("");
        Deque<Event> pending = new ArrayDeque<>(early);
        while (true) {
            Event event = pending.poll();
            if (event == null) {
                long left = deadline - System.nanoTime();
                event = left <= 0 ? null : events.poll(left, TimeUnit.NANOSECONDS);
            }
            if (event == null) {
                out.accept("Waiting for release.... still running; `heroku releases:output v" + release.version()
                        + "` shows how it goes, `heroku releases` how it ends.");
                return Outcome.STILL_RUNNING;
            }
            switch (event) {
                case ReleasePhaseOutput e when e.releaseId().equals(release.releaseId()) -> e.lines().forEach(out);
                case ReleasePhaseFinished e when e.releaseId().equals(release.releaseId()) -> {
                    if (e.succeeded()) {
                        out.accept("Waiting for release.... done.");
                        return Outcome.SUCCEEDED;
                    }
                    out.accept("Waiting for release.... failed.");
                    out.accept(" !     Release v" + release.version() + " failed: "
                            + (e.reason() == null ? "its release command failed" : e.reason()) + ".");
                    out.accept(" !     It is not live: the app keeps running its previous release."
                            + " `heroku releases:output v" + release.version() + "` shows the command's output.");
                    return Outcome.FAILED;
                }
                case DynoStateChanged e -> verification.note(e);
                default -> { }
            }
        }
    }
}
