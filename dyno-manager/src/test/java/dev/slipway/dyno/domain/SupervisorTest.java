package dev.slipway.dyno.domain;

import static dev.slipway.dyno.domain.LifecycleRig.web;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Supervising: crashes restart with Heroku's (gentler) back-off, restarts, a platform restart.
 * Real: Supervisor and its app loops, Converger, DynoProcesses, CrashBackoff. Faked: the runtime,
 * the rows and the clock; the back-off's seconds pass on the fake clock.
 */
class SupervisorTest {
    private final LifecycleRig rig = new LifecycleRig();

    @AfterEach
    void close() {
        rig.close();
    }

    private FakeDynoRuntime.FakeHandle running(String type, int quantity) {
        rig.release(1, Map.of(type, "./" + type));
        rig.formation(new FormationEntry(type, quantity, "standard-1X"));
        rig.desiredStateChanged();
        var handle = rig.launched(type + ".1", 1).accept();
        rig.awaitState(type + ".1", Dyno.UP);
        return handle;
    }

    @Test
    void theFirstCrashRestartsAtOnceInPlace() {
        var first = running("web", 1);
        UUID id = rig.row("web.1").id();
        first.exit(1);
        var second = rig.launched("web.1", 2).accept();
        Dyno back = rig.awaitState("web.1", Dyno.UP);
        assertEquals(id, back.id(), "the same dyno starts again");
        assertEquals(1, back.restarts());
        assertEquals(second.pid(), back.pid());
        assertTrue(rig.lines("web.1").contains("State changed from crashed to starting"));
    }

    @Test
    void laterCrashesWaitTheirBackoffOnTheClock() {
        var first = running("worker", 1);
        first.exit(1);
        var second = rig.launched("worker.1", 2);
        rig.awaitState("worker.1", Dyno.UP);
        second.exit(1);
        rig.awaitState("worker.1", Dyno.CRASHED);
        LifecycleRig.await(() -> rig.lines("worker.1").contains("Restarting in 1 s (crash back-off)"), "the back-off line");
        rig.supervisor.converge(rig.app);
        LifecycleRig.settle();
        assertEquals(2, rig.runtime.launched("worker.1").size(), "no restart before the back-off ends");

        rig.clock.advance(Duration.ofSeconds(1));
        rig.supervisor.converge(rig.app);
        var third = rig.launched("worker.1", 3);
        rig.awaitState("worker.1", Dyno.UP);
        third.exit(1);
        LifecycleRig.await(() -> rig.lines("worker.1").contains("Restarting in 2 s (crash back-off)"), "a doubled wait");
    }

    @Test
    void aBootTimeoutCountsAsACrash() {
        rig.release(1, Map.of("web", "./web"));
        rig.formation(web(1));
        rig.desiredStateChanged();
        rig.launched("web.1", 1);
        rig.clock.advance(Duration.ofSeconds(60));
        // R10, crashed, restarted at once (the first crash)
        rig.launched("web.1", 2);
        assertTrue(rig.lines("web.1").contains("State changed from starting to crashed"));
    }

    @Test
    void aNewReleaseStartsTheBackoffOver() {
        var first = running("worker", 1);
        first.exit(1);
        rig.launched("worker.1", 2).exit(1);
        LifecycleRig.await(() -> rig.lines("worker.1").contains("Restarting in 1 s (crash back-off)"), "the back-off");
        rig.release(2, Map.of("worker", "./worker --fixed"));
        rig.desiredStateChanged();
        var fixed = rig.launched("worker.1", 3);
        assertEquals("./worker --fixed", fixed.spec.command());
    }

    @Test
    void restartStopsTheMatchingDynosAndTheFormationStartsThemAgain() {
        var first = running("web", 2);
        var web2 = rig.launched("web.2", 1).accept();
        rig.awaitState("web.2", Dyno.UP);
        UUID id = rig.row("web.1").id();
        rig.supervisor.restart(rig.app, d -> d.name().equals("web.1"));
        var again = rig.launched("web.1", 2);
        assertFalse(first.alive());
        assertTrue(web2.alive(), "only the matching dyno restarts");
        assertEquals(id, rig.row("web.1").id());
        assertTrue(rig.lines("web.1").containsAll(List.of("Stopping all processes with SIGTERM",
                "State changed from up to down", "State changed from down to starting")));
        again.accept();
        rig.awaitState("web.1", Dyno.UP);
    }

    @Test
    void aRestartedPlatformReapsStaleDynosAndStartsTheFormationAgain() {
        running("web", 1);
        UUID staleId = rig.row("web.1").id();
        Dyno oneOff = new Dyno(UUID.randomUUID(), rig.app, "shiny-app", "run.1234", Dyno.ONE_OFF_TYPE,
                UUID.randomUUID(), 1, Dyno.UP, "127.0.0.1", 5000, 99L, "bash", "standard-1X", 0, rig.clock.instant(),
                rig.clock.instant());
        rig.ledger.insert(oneOff);

        // a second dyno-manager over the same rows: the first one's processes are gone with it
        try (LifecycleRig restarted = LifecycleRig.restartedOver(rig)) {
            assertTrue(restarted.runtime.reaped().stream().anyMatch(d -> d.id().equals(staleId)));
            assertTrue(restarted.runtime.workspaceCleared());
            assertTrue(restarted.lines("web.1").contains("Platform restarted"));
            assertTrue(restarted.lines("run.1234").contains("Platform restarted"));
            assertEquals(null, restarted.row("run.1234"), "one-off dynos do not come back");
            restarted.launched("web.1", 1).accept();
            Dyno back = restarted.awaitState("web.1", Dyno.UP);
            assertEquals(staleId, back.id());
            assertNotEquals(0, back.pid());
        }
    }
}
