package dev.slipway.dyno.domain;

import static dev.slipway.dyno.domain.LifecycleRig.web;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Daily cycling: due dynos get a successor, and a web dyno goes only once its successor is up.
 * Real: DailyCycling, CycleSchedule, Supervisor, Converger, DynoProcesses. Faked: the runtime, the
 * rows, the clock, and the jitter (none: a dyno is due exactly 24 h after its launch).
 */
class DailyCyclingTest {
    private static final Duration DAY = Duration.ofHours(24);
    private final LifecycleRig rig = new LifecycleRig();

    @AfterEach
    void close() {
        rig.close();
    }

    private FakeDynoRuntime.FakeHandle oneWebDyno() {
        rig.release(1, Map.of("web", "npm start", "worker", "node worker.js"));
        rig.formation(web(1));
        rig.desiredStateChanged();
        var handle = rig.launched("web.1", 1).accept();
        rig.awaitState("web.1", Dyno.UP);
        return handle;
    }

    @Test
    void aDynoIsNotCycledBeforeItsDayIsOver() {
        var dyno = oneWebDyno();
        rig.clock.advance(DAY.minusSeconds(1));
        rig.cycling.check();
        LifecycleRig.settle();
        assertTrue(dyno.alive());
        assertEquals(1, rig.runtime.launched().size());
        assertFalse(rig.lines("web.1").contains("Cycling"));
    }

    @Test
    void theLastWebDynoIsReplacedOnlyOnceItsSuccessorIsUp() {
        var old = oneWebDyno();
        rig.clock.advance(DAY);
        rig.cycling.check();
        var successor = rig.launched("web.1", 2);
        rig.cycling.check();
        LifecycleRig.settle();
        assertTrue(old.alive(), "the app keeps its web dyno while the successor boots");
        assertEquals(1, rig.lines("web.1").stream().filter("Cycling"::equals).count(), "cycled once");
        assertEquals(2, rig.runtime.launched().size());

        successor.accept();
        LifecycleRig.await(() -> !old.alive(), "the old dyno to stop");
        LifecycleRig.await(() -> rig.ledger.dynos(rig.app).size() == 1, "one row left");
        Dyno now = rig.row("web.1");
        assertEquals(Dyno.UP, now.state());
        assertEquals(successor.pid(), now.pid());
        List<String> lines = rig.lines("web.1");
        assertTrue(lines.indexOf("Cycling") < lines.lastIndexOf("Stopping all processes with SIGTERM"));
    }

    @Test
    void aSuccessorThatDoesNotBootLeavesTheOldWebDynoRunning() {
        var old = oneWebDyno();
        rig.clock.advance(DAY);
        rig.cycling.check();
        rig.launched("web.1", 2);
        // R10 for the successor (60 s and the preboot's 5 s more): it crashes and restarts, the old one serves on
        rig.clock.advance(Duration.ofSeconds(66));
        var retry = rig.launched("web.1", 3);
        LifecycleRig.settle();
        assertTrue(old.alive(), "never fewer web dynos than before the cycle");
        retry.accept();
        LifecycleRig.await(() -> !old.alive(), "the old dyno to go once a successor is up");
    }

    @Test
    void aWorkerIsReplacedWithoutWaitingAndOneOffDynosAreNotCycled() {
        rig.release(1, Map.of("worker", "node worker.js"));
        rig.formation(new FormationEntry("worker", 1, "standard-1X"));
        rig.desiredStateChanged();
        var old = rig.launched("worker.1", 1);
        rig.awaitState("worker.1", Dyno.UP);
        var release = rig.ledger.read(rig.app).release();
        Dyno run = new Dyno(java.util.UUID.randomUUID(), rig.app, "shiny-app", "run.1000", Dyno.ONE_OFF_TYPE,
                release.releaseId(), 1, Dyno.STARTING, "127.0.0.1", null, null, "sleep 1d", "standard-1X", 0,
                rig.clock.instant(), rig.clock.instant());
        rig.ledger.insert(run);
        rig.supervisor.runOneOff(run, release, Map.of());
        var oneOff = rig.launched("run.1000", 1);
        rig.awaitState("run.1000", Dyno.UP);

        rig.clock.advance(DAY.plusHours(1));
        rig.cycling.check();
        rig.launched("worker.1", 2);
        LifecycleRig.await(() -> !old.alive(), "the old worker to stop");
        assertTrue(oneOff.alive());
        assertEquals(1, rig.runtime.launched("run.1000").size());
    }

    @Test
    void aRestartStartsTheDayAgain() {
        var first = oneWebDyno();
        rig.clock.advance(Duration.ofHours(20));
        first.exit(1);
        rig.launched("web.1", 2).accept();
        rig.awaitState("web.1", Dyno.UP);
        rig.clock.advance(Duration.ofHours(5));
        rig.cycling.check();
        LifecycleRig.settle();
        assertEquals(2, rig.runtime.launched().size(), "25 h after the first launch, 5 h after the restart");
        rig.clock.advance(Duration.ofHours(19));
        rig.cycling.check();
        rig.launched("web.1", 3);
    }

    @Test
    void theOperatorsHourReplacesTheDay() {
        try (LifecycleRig atThree = new LifecycleRig(OptionalInt.of(3), () -> 0L, true)) {
            atThree.release(1, Map.of("worker", "node worker.js"));
            atThree.formation(new FormationEntry("worker", 1, "standard-1X"));
            atThree.desiredStateChanged();
            var old = atThree.launched("worker.1", 1);
            atThree.awaitState("worker.1", Dyno.UP);
            // launched at 10:00: due at 03:00 the next day, 17 h later
            atThree.clock.advance(Duration.ofHours(17).minusSeconds(1));
            atThree.cycling.check();
            LifecycleRig.settle();
            assertTrue(old.alive());
            atThree.clock.advance(Duration.ofSeconds(1));
            atThree.cycling.check();
            var next = atThree.launched("worker.1", 2);
            assertNotEquals(old.pid(), next.pid());
            assertTrue(atThree.lines("worker.1").contains("Cycling"));
        }
    }
}
