package dev.slipway.dyno.domain;

import static dev.slipway.dyno.domain.LifecycleRig.web;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One dyno's boot (R10), stop (SIGTERM, R12) and exit. Real: DynoProcesses and Converger. Faked:
 * the runtime, the rows and the clock; Heroku's 60 s and 30 s pass on the fake clock only.
 */
class DynoProcessesTest {
    private final LifecycleRig rig = LifecycleRig.unsupervised();

    @AfterEach
    void close() {
        rig.close();
    }

    private FakeDynoRuntime.FakeHandle oneWebDyno() {
        rig.release(1, Map.of("web", "npm start"));
        rig.formation(web(1));
        rig.converger.converge(rig.app);
        return rig.launched("web.1", 1);
    }

    @Test
    void aWebDynoThatDoesNotBindWithin60SecondsIsKilledWithR10() {
        var dyno = oneWebDyno();
        rig.clock.advance(Duration.ofSeconds(59));
        LifecycleRig.settle();
        assertTrue(dyno.alive(), "59 s is within the boot timeout");
        assertEquals(Dyno.STARTING, rig.row("web.1").state());

        rig.clock.advance(Duration.ofSeconds(1));
        rig.awaitState("web.1", Dyno.CRASHED);
        assertEquals(1, dyno.sigkills());
        assertEquals(List.of("Starting process with command `npm start`",
                "Error R10 (Boot timeout) -> Web process failed to bind to $PORT within 60 seconds of launch",
                "Stopping process with SIGKILL", "Process exited with status 137", "State changed from starting to crashed"),
                rig.lines("web.1"));
        assertFalse(rig.processes.tracks(rig.row("web.1").id()));
    }

    @Test
    void aDynoThatBindsLateButInTimeIsUp() {
        var dyno = oneWebDyno();
        rig.clock.advance(Duration.ofSeconds(45));
        dyno.accept();
        rig.awaitState("web.1", Dyno.UP);
        rig.clock.advance(Duration.ofSeconds(60));
        LifecycleRig.settle();
        assertTrue(dyno.alive());
        assertEquals(0, dyno.sigkills());
    }

    @Test
    void stopSendsSigtermAndRecordsTheExit() {
        var dyno = oneWebDyno().accept();
        Dyno up = rig.awaitState("web.1", Dyno.UP);
        rig.processes.stop(up, false);
        assertEquals(1, dyno.sigterms());
        assertEquals(0, dyno.sigkills());
        assertEquals(Dyno.DOWN, rig.row("web.1").state());
        assertEquals(List.of("Stopping all processes with SIGTERM", "Process exited with status 143",
                "State changed from up to down"), rig.lines("web.1").subList(2, 5));
        assertTrue(dyno.discarded());
    }

    @Test
    void aDynoThatIgnoresSigtermForThirtySecondsGetsR12AndSigkill() {
        var dyno = oneWebDyno().accept().ignoreSigterm();
        Dyno up = rig.awaitState("web.1", Dyno.UP);
        CompletableFuture<?> stopping = CompletableFuture.runAsync(() -> rig.processes.stop(up, true));
        LifecycleRig.await(() -> dyno.sigterms() == 1, "SIGTERM");
        rig.clock.advance(Duration.ofSeconds(29));
        LifecycleRig.settle();
        assertTrue(dyno.alive(), "29 s is within the stop timeout");
        rig.clock.advance(Duration.ofSeconds(1));
        stopping.join();
        assertEquals(1, dyno.sigkills());
        assertNull(rig.row("web.1"));
        assertTrue(rig.lines("web.1").containsAll(List.of(
                "Error R12 (Exit timeout) -> At least one process failed to exit within 30 seconds of SIGTERM",
                "Stopping remaining processes with SIGKILL", "Process exited with status 137",
                "State changed from up to down")));
    }

    @Test
    void aDynoThatExitsOnItsOwnHasCrashed() {
        var dyno = oneWebDyno().accept();
        rig.awaitState("web.1", Dyno.UP);
        dyno.exit(1);
        rig.awaitState("web.1", Dyno.CRASHED);
        assertTrue(rig.lines("web.1").containsAll(List.of("Process exited with status 1",
                "State changed from up to crashed")));
        assertTrue(rig.ledger.announced().contains(new FakeDynoLedger.Announced("web.1", rig.row("web.1").id(),
                Dyno.CRASHED)), "the router hears of it");
    }

    @Test
    void aLaunchThatFailsIsACrash() {
        rig.release(1, Map.of("worker", "node worker.js"));
        rig.formation(new FormationEntry("worker", 1, "standard-1X"));
        rig.runtime.failNextLaunch("slug download answered 404");
        rig.converger.converge(rig.app);
        assertEquals(Dyno.CRASHED, rig.row("worker.1").state());
        assertTrue(rig.lines("worker.1").contains("Error: could not start the dyno: slug download answered 404"));
    }

    @Test
    void aOneOffDynoEndsCompleteAndLeavesNoRow() {
        rig.release(1, Map.of("web", "npm start"));
        var release = rig.ledger.read(rig.app).release();
        Dyno run = new Dyno(UUID.randomUUID(), rig.app, "shiny-app", "run.4821", Dyno.ONE_OFF_TYPE,
                release.releaseId(), 1, Dyno.STARTING, "127.0.0.1", null, null, "rake db:migrate", "standard-2X", 0,
                rig.clock.instant(), rig.clock.instant());
        rig.ledger.insert(run);
        rig.processes.launch(run, release, Map.of("TERM", "xterm"));
        var handle = rig.launched("run.4821", 1);
        assertEquals(Map.of("TERM", "xterm"), handle.spec.extraEnv());
        assertEquals(DynoSize.STANDARD_2X, handle.spec.size());
        rig.awaitState("run.4821", Dyno.UP);
        handle.exit(0);
        LifecycleRig.await(() -> rig.row("run.4821") == null, "the one-off row to go");
        assertEquals(List.of("Process exited with status 0", "State changed from up to complete"),
                rig.lines("run.4821").subList(2, 4));
    }
}
