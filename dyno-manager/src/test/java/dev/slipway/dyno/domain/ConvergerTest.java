package dev.slipway.dyno.domain;

import static dev.slipway.dyno.domain.LifecycleRig.web;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Converging formations, deploys (preboot) and resizes. Real: Converger, DynoProcesses,
 * CrashBackoff. Faked: the runtime (FakeDynoRuntime), the rows and outbox (FakeDynoLedger), the
 * clock (FakeClock). Each converge is called directly, as the supervisor's app loop would.
 */
class ConvergerTest {
    private final LifecycleRig rig = LifecycleRig.unsupervised();

    @AfterEach
    void close() {
        rig.close();
    }

    @Test
    void startsEveryScaledTypeAtItsSizeAndAWebDynoIsUpOnlyOnceItAccepts() {
        rig.release(1, Map.of("web", "npm start", "worker", "node worker.js", "clock", "node clock.js"));
        rig.formation(new FormationEntry("web", 2, "standard-2X"), new FormationEntry("worker", 1, "standard-1X"),
                new FormationEntry("clock", 0, "standard-1X"));
        assertNull(rig.converger.converge(rig.app));

        assertEquals(3, rig.runtime.launched().size());
        assertEquals(DynoSize.STANDARD_2X, rig.runtime.latest("web.2").spec.size());
        assertEquals("npm start", rig.runtime.latest("web.1").spec.command());
        assertEquals(DynoSize.STANDARD_1X, rig.runtime.latest("worker.1").spec.size());
        assertEquals(Dyno.UP, rig.awaitState("worker.1", Dyno.UP).state(), "a worker is up once started");
        LifecycleRig.settle();
        assertEquals(Dyno.STARTING, rig.row("web.1").state(), "a web dyno is starting until its port accepts");

        rig.runtime.latest("web.1").accept();
        Dyno up = rig.awaitState("web.1", Dyno.UP);
        assertEquals(rig.runtime.latest("web.1").port(), up.port());
        assertEquals(rig.runtime.latest("web.1").host(), up.host(), "the launch's host is recorded");
        assertEquals(List.of("Starting process with command `npm start`", "State changed from starting to up"),
                rig.lines("web.1"));
        assertEquals("standard-2X", rig.row("web.2").size());

        // a second pass with nothing changed changes nothing
        rig.converger.converge(rig.app);
        assertEquals(3, rig.runtime.launched().size());
    }

    @Test
    void scalingDownStopsTheHighestNumbersAndRemovesTheirRows() {
        rig.release(1, Map.of("web", "npm start"));
        rig.formation(web(3));
        rig.converger.converge(rig.app);
        rig.formation(web(1));
        rig.converger.converge(rig.app);

        assertTrue(rig.runtime.latest("web.1").alive());
        assertEquals(1, rig.runtime.latest("web.2").sigterms());
        assertEquals(1, rig.runtime.latest("web.3").sigterms());
        assertNull(rig.row("web.3"));
        assertNull(rig.row("web.2"));
        assertTrue(rig.runtime.latest("web.3").discarded(), "its filesystem is gone with it");
        assertTrue(rig.lines("web.3").contains("Process exited with status 143"));
    }

    @Test
    void aTypeTheReleaseLacksRunsNothingAndAnAppWithoutAReleaseKeepsNothing() {
        rig.release(1, Map.of("web", "npm start"));
        rig.formation(web(1), new FormationEntry("worker", 2, "standard-1X"));
        rig.converger.converge(rig.app);
        assertEquals(1, rig.runtime.launched().size());

        rig.ledger.forget(rig.app);
        rig.converger.converge(rig.app);
        assertFalse(rig.runtime.latest("web.1").alive());
        assertTrue(rig.ledger.dynos(rig.app).isEmpty());
    }

    @Test
    void aNewReleaseStartsEachWebSuccessorFirstAndStopsTheOldDynoOnceItIsUp() {
        rig.release(1, Map.of("web", "npm start"));
        rig.formation(web(1));
        rig.converger.converge(rig.app);
        var old = rig.runtime.latest("web.1").accept();
        rig.awaitState("web.1", Dyno.UP);

        rig.release(2, Map.of("web", "npm start"));
        CompletableFuture<?> pass = CompletableFuture.runAsync(() -> rig.converger.converge(rig.app));
        var successor = rig.launched("web.1", 2);
        assertEquals(2, successor.spec.release().version());
        LifecycleRig.settle();
        assertTrue(old.alive(), "the old dyno takes traffic until its successor is up");
        assertEquals(2, rig.ledger.dynos(rig.app).size(), "two rows share the name meanwhile");

        successor.accept();
        pass.join();
        assertFalse(old.alive());
        assertEquals(1, rig.ledger.dynos(rig.app).size());
        assertEquals(2, rig.row("web.1").releaseVersion());
    }

    @Test
    void aDeployWhoseWebDynoNeverBindsStillReplacesTheOldOneAfterTheBootTimeout() {
        rig.release(1, Map.of("web", "npm start"));
        rig.formation(web(1));
        rig.converger.converge(rig.app);
        var old = rig.runtime.latest("web.1").accept();
        rig.awaitState("web.1", Dyno.UP);

        rig.release(2, Map.of("web", "npm start --broken"));
        CompletableFuture<?> pass = CompletableFuture.runAsync(() -> rig.converger.converge(rig.app));
        var successor = rig.launched("web.1", 2);
        rig.clock.advance(Duration.ofSeconds(61));
        pass.join();
        assertEquals(1, successor.sigkills(), "R10 killed the successor");
        assertFalse(old.alive(), "the release the user asked for goes ahead, as on Heroku");
    }

    @Test
    void aWorkerOfANewReleaseReplacesTheOldOneWithoutWaiting() {
        rig.release(1, Map.of("worker", "node worker.js"));
        rig.formation(new FormationEntry("worker", 1, "standard-1X"));
        rig.converger.converge(rig.app);
        var old = rig.runtime.latest("worker.1");
        rig.release(2, Map.of("worker", "node worker.js"));
        rig.converger.converge(rig.app);
        assertFalse(old.alive());
        assertEquals(2, rig.awaitState("worker.1", Dyno.UP).releaseVersion());
    }

    @Test
    void resizingReplacesTheTypesDynosWithDynosOfTheNewSizeSuccessorsFirst() {
        rig.release(1, Map.of("web", "npm start", "worker", "node worker.js"));
        rig.formation(web(2), new FormationEntry("worker", 1, "standard-1X"));
        rig.converger.converge(rig.app);
        var web1 = rig.runtime.latest("web.1").accept();
        var web2 = rig.runtime.latest("web.2").accept();
        var worker = rig.runtime.latest("worker.1");
        rig.awaitState("web.2", Dyno.UP);

        // heroku ps:resize web=standard-2X: only the size changes
        rig.formation(new FormationEntry("web", 2, "standard-2X"), new FormationEntry("worker", 1, "standard-1X"));
        CompletableFuture<?> pass = CompletableFuture.runAsync(() -> rig.converger.converge(rig.app));
        var new1 = rig.launched("web.1", 2);
        var new2 = rig.launched("web.2", 2);
        assertEquals(DynoSize.STANDARD_2X, new1.spec.size());
        assertEquals(DynoSize.STANDARD_2X, new2.spec.size());
        LifecycleRig.settle();
        assertTrue(web1.alive() && web2.alive(), "the old size serves until the new size is up");
        new1.accept();
        new2.accept();
        pass.join();
        assertFalse(web1.alive() || web2.alive());
        assertTrue(worker.alive(), "another type's dynos are left alone");
        assertEquals("standard-2X", rig.row("web.1").size());
        assertEquals(1, rig.runtime.launched("worker.1").size());

        // a size given in another case is the same size: nothing to do
        rig.formation(new FormationEntry("web", 2, "STANDARD-2x"), new FormationEntry("worker", 1, "standard-1X"));
        rig.converger.converge(rig.app);
        assertEquals(2, rig.runtime.launched("web.1").size());
    }
}
