package dev.slipway.git.domain;

import dev.slipway.events.DynoStateChanged;
import dev.slipway.events.Event;
import dev.slipway.events.ReleaseCreated;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Heroku's "Verifying deploy...", made true: the push ends once a web dyno of the new release is
 * up, so the user's next request reaches the new code. A release without a web process, or an
 * app whose web formation is 0 (no web dyno starts within {@link #START_GRACE}), is done at once.
 * The release exists whatever this finds: a crash or a slow boot is reported, not a rejection.
 */
final class DeployVerification {
    /** How long dyno-manager has to start a web dyno for the release before we assume none is wanted. */
    static final Duration START_GRACE = Duration.ofSeconds(5);
    /** Heroku's boot timeout (R10): a web dyno not up by then will not be. */
    static final Duration BOOT_LIMIT = Duration.ofSeconds(60);

    private final List<DynoStateChanged> seen = new ArrayList<>();

    /** Keeps dyno news that arrived before the release did: the two travel on different topics. */
    void note(DynoStateChanged event) {
        seen.add(event);
    }

    /** The text after "Verifying deploy... ". */
    String await(ReleaseCreated release, BlockingQueue<Event> events) throws InterruptedException {
        if (!release.processTypes().containsKey("web")) {
            return "done.";
        }
        long startBy = System.nanoTime() + START_GRACE.toNanos();
        long upBy = System.nanoTime() + BOOT_LIMIT.toNanos();
        boolean starting = false;
        List<Event> pending = new ArrayList<>(seen);
        while (true) {
            for (Event event : pending) {
                if (event instanceof DynoStateChanged d && d.type().equals("web") && d.releaseVersion() == release.version()) {
                    switch (d.state()) {
                        case "up" -> {
                            return "done.";
                        }
                        case "crashed" -> {
                            return "the web dyno crashed; its logs say why.";
                        }
                        default -> starting = true;
                    }
                }
            }
            long left = (starting ? upBy : startBy) - System.nanoTime();
            Event next = left <= 0 ? null : events.poll(left, TimeUnit.NANOSECONDS);
            if (next == null) {
                return starting ? "the web dyno is still booting." : "done.";
            }
            pending = List.of(next);
        }
    }
}
