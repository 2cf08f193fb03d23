package dev.slipway.dyno.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * R14 and R15 from the memory a dyno's sandbox reports. Real: MemoryWatch, Supervisor, Converger,
 * DynoProcesses, CrashBackoff. Faked: the runtime (each handle reports the memory and OOM kills
 * the test sets), the rows and the clock. Samples are taken by calling {@link MemoryWatch#sample}.
 */
class MemoryWatchTest {
    private static final long MB = 1024 * 1024;
    private final LifecycleRig rig = new LifecycleRig();

    @AfterEach
    void close() {
        rig.close();
    }

    private FakeDynoRuntime.FakeHandle worker(String size) {
        rig.release(1, Map.of("worker", "node worker.js"));
        rig.formation(new FormationEntry("worker", 1, size));
        rig.desiredStateChanged();
        var handle = rig.launched("worker.1", 1);
        rig.awaitState("worker.1", Dyno.UP);
        return handle;
    }

    private List<String> memoryLines() {
        return rig.lines("worker.1").stream().filter(l -> l.startsWith("Process running") || l.startsWith("Error R1"))
                .toList();
    }

    @Test
    void withinTheQuotaOrUnknownNothingIsSaid() {
        var dyno = worker("standard-1X");
        rig.memory.sample();
        dyno.useMemory(512 * MB);
        rig.memory.sample();
        assertEquals(List.of(), memoryLines());
        assertTrue(dyno.alive());
    }

    @Test
    void overTheQuotaIsR14AtMostOnceAMinuteAndTheDynoGoesOn() {
        var dyno = worker("standard-1X");
        dyno.useMemory(600 * MB);
        rig.memory.sample();
        assertEquals(List.of("Process running mem=600M(117.2%)", "Error R14 (Memory quota exceeded)"), memoryLines());

        rig.clock.advance(Duration.ofSeconds(5));
        rig.memory.sample();
        rig.clock.advance(Duration.ofSeconds(50));
        rig.memory.sample();
        assertEquals(2, memoryLines().size(), "not again within the minute");

        rig.clock.advance(Duration.ofSeconds(5));
        dyno.useMemory(700 * MB);
        rig.memory.sample();
        assertEquals(List.of("Process running mem=600M(117.2%)", "Error R14 (Memory quota exceeded)",
                "Process running mem=700M(136.7%)", "Error R14 (Memory quota exceeded)"), memoryLines());
        LifecycleRig.settle();
        assertTrue(dyno.alive());
        assertEquals(1, rig.runtime.launched("worker.1").size());
    }

    @Test
    void theQuotaIsTheDynoSizes() {
        var dyno = worker("standard-2X");
        dyno.useMemory(1000 * MB);
        rig.memory.sample();
        assertEquals(List.of(), memoryLines());
        dyno.useMemory(1100 * MB);
        rig.memory.sample();
        assertEquals(List.of("Process running mem=1100M(107.4%)", "Error R14 (Memory quota exceeded)"), memoryLines());
    }

    @Test
    void twiceTheQuotaIsR15TheDynoIsKilledAndStartedAgain() {
        var dyno = worker("standard-1X");
        dyno.useMemory(1024 * MB);
        rig.memory.sample();
        rig.memory.sample();
        var next = rig.launched("worker.1", 2);
        assertEquals(1, dyno.sigkills());
        assertEquals(0, dyno.sigterms(), "R15 kills at once, as Heroku does");
        assertEquals(List.of("Process running mem=1024M(200.0%)", "Error R15 (Memory quota vastly exceeded)",
                "Stopping process with SIGKILL", "Process exited with status 137", "State changed from up to down",
                "State changed from down to starting"), rig.lines("worker.1").subList(2, 8));
        assertEquals(1, memoryLines().stream().filter(l -> l.startsWith("Error R15")).count(),
                "a kill under way is not judged again");
        assertTrue(next.alive());
        rig.awaitState("worker.1", Dyno.UP);
    }

    @Test
    void anOomKillInsideTheDynoIsR15EvenWhenItsMemoryIsUnknown() {
        var dyno = worker("standard-1X");
        dyno.oomKill();
        rig.memory.sample();
        rig.launched("worker.1", 2);
        assertFalse(dyno.alive());
        assertEquals(List.of("Error R15 (Memory quota vastly exceeded)"), memoryLines());
    }

    @Test
    void aDynoKilledByTheKernelAtItsLimitHasCrashedWithR15() {
        var dyno = worker("standard-1X");
        dyno.oomKill();
        dyno.exit(137);
        rig.launched("worker.1", 2);
        List<String> lines = rig.lines("worker.1");
        int r15 = lines.indexOf("Error R15 (Memory quota vastly exceeded)");
        assertTrue(r15 > 0, lines.toString());
        assertEquals(List.of("Process exited with status 137", "State changed from up to crashed"),
                lines.subList(r15 + 1, r15 + 3));
    }

    @Test
    void repeatedR15sWaitTheCrashBackoff() {
        var dyno = worker("standard-1X");
        dyno.useMemory(1100 * MB);
        rig.memory.sample();
        var second = rig.launched("worker.1", 2);
        rig.awaitState("worker.1", Dyno.UP);
        second.useMemory(1100 * MB);
        rig.memory.sample();
        LifecycleRig.await(() -> rig.lines("worker.1").contains("Restarting in 1 s (crash back-off)"), "the back-off");
        LifecycleRig.settle();
        assertEquals(2, rig.runtime.launched("worker.1").size());
        rig.clock.advance(Duration.ofSeconds(1));
        rig.supervisor.converge(rig.app);
        rig.launched("worker.1", 3);
    }

    @Test
    void aOneOffDynoOverTwiceItsQuotaIsKilledAndGone() {
        rig.release(1, Map.of("web", "npm start"));
        var release = rig.ledger.read(rig.app).release();
        Dyno run = new Dyno(java.util.UUID.randomUUID(), rig.app, "shiny-app", "run.2000", Dyno.ONE_OFF_TYPE,
                release.releaseId(), 1, Dyno.STARTING, "127.0.0.1", null, null, "node balloon.js", "basic", 0,
                rig.clock.instant(), rig.clock.instant());
        rig.ledger.insert(run);
        rig.supervisor.runOneOff(run, release, Map.of());
        var handle = rig.launched("run.2000", 1);
        rig.awaitState("run.2000", Dyno.UP);
        handle.useMemory(1536 * MB);
        rig.memory.sample();
        LifecycleRig.await(() -> rig.row("run.2000") == null, "the one-off row to go");
        assertFalse(handle.alive());
        assertTrue(rig.lines("run.2000").containsAll(List.of("Process running mem=1536M(300.0%)",
                "Error R15 (Memory quota vastly exceeded)", "State changed from up to down")));
        LifecycleRig.settle();
        assertEquals(1, rig.runtime.launched("run.2000").size(), "a one-off dyno does not come back");
    }

    @Test
    void theUsageLineIsInMebibytesAndPercentOfTheQuota() {
        assertEquals("Process running mem=600M(117.2%)", MemoryWatch.running(600 * MB, DynoSize.STANDARD_1X));
        assertEquals("Process running mem=2565M(100.2%)", MemoryWatch.running(2565 * MB, DynoSize.PERFORMANCE_M));
    }
}
