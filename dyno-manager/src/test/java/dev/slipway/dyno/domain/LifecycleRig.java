package dev.slipway.dyno.domain;

import dev.slipway.dyno.config.LifecycleSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.random.RandomGenerator;

/**
 * The real lifecycle classes (supervisor, converger, processes, back-off, memory watch, daily
 * cycling) wired by hand around a {@link FakeDynoRuntime}, a {@link FakeDynoLedger} and a {@link
 * FakeClock}, with Heroku's timeouts (60 s boot, 30 s stop) that only the fake clock ever reaches.
 */
final class LifecycleRig implements AutoCloseable {
    static final Instant START = Instant.parse("2026-12-01T10:00:00Z");

    final UUID app;
    final FakeClock clock = new FakeClock(START);
    final FakeDynoRuntime runtime = new FakeDynoRuntime();
    final FakeDynoLedger ledger;
    final LifecycleSettings settings;
    final CrashBackoff backoff = new CrashBackoff(clock);
    final CycleSchedule cycles;
    final DynoProcesses processes;
    final Converger converger;
    final Supervisor supervisor;
    final MemoryWatch memory;
    final DailyCycling cycling;

    LifecycleRig() {
        this(OptionalInt.empty(), () -> 0L, true);
    }

    /**
     * Without the supervisor's app loops: a test calls {@link Converger#converge} itself and
     * nothing else converges meanwhile (crashes and ups are recorded, nothing reacts to them).
     */
    static LifecycleRig unsupervised() {
        return new LifecycleRig(OptionalInt.empty(), () -> 0L, false);
    }

    /** A second dyno-manager started over the rows the first one left (a platform restart). */
    static LifecycleRig restartedOver(LifecycleRig previous) {
        return new LifecycleRig(OptionalInt.empty(), () -> 0L, true, previous.ledger, previous.app);
    }

    /** With an operator's cycle hour (or none) and the randomness of the cycle jitter. */
    LifecycleRig(OptionalInt cycleHour, RandomGenerator jitter, boolean supervised) {
        this(cycleHour, jitter, supervised, new FakeDynoLedger(), UUID.randomUUID());
    }

    private LifecycleRig(OptionalInt cycleHour, RandomGenerator jitter, boolean supervised, FakeDynoLedger ledger,
                         UUID app) {
        this.ledger = ledger;
        this.app = app;
        settings = LifecycleSettings.of(Duration.ofSeconds(60), Duration.ofSeconds(30), cycleHour);
        cycles = new CycleSchedule(settings, jitter);
        processes = new DynoProcesses(runtime, ledger, settings, (d, in) -> CompletableFuture.completedFuture(null),
                clock, cycles);
        converger = new Converger(ledger, processes, backoff, settings, clock);
        supervisor = new Supervisor(ledger, converger, processes, runtime, backoff, clock);
        memory = new MemoryWatch(processes, ledger, supervisor, settings, clock);
        cycling = new DailyCycling(processes, supervisor, clock);
        if (supervised) {
            supervisor.wire();
            supervisor.recover();
        }
    }

    /** Release {@code version} of the app with these process types (type → command). */
    void release(int version, Map<String, String> types) {
        ledger.release(new AppRelease(app, "shiny-app", UUID.randomUUID(), version, "0".repeat(64),
                "http://builder.invalid/slug", types, Map.of("GREETING", "hi"), "abc123", clock.instant()));
    }

    void formation(FormationEntry... entries) {
        ledger.formation(app, entries);
    }

    static FormationEntry web(int quantity) {
        return new FormationEntry("web", quantity, "standard-1X");
    }

    /** What release-service announces, then dyno-manager's reaction to it. */
    void desiredStateChanged() {
        supervisor.desiredStateChanged(app);
    }

    Dyno row(String name) {
        return ledger.row(app, name);
    }

    List<String> lines() {
        return ledger.lines();
    }

    /** The platform's lines about one dyno name, without the name. */
    List<String> lines(String name) {
        return ledger.lines().stream().filter(l -> l.startsWith(name + ": ")).map(l -> l.substring(name.length() + 2))
                .toList();
    }

    /** The newest process of the name, once there is one. */
    FakeDynoRuntime.FakeHandle launched(String name, int launches) {
        await(() -> runtime.launched(name).size() >= launches, launches + " launch(es) of " + name);
        return runtime.latest(name);
    }

    /** Waits for the row of the name to reach the state. */
    Dyno awaitState(String name, String state) {
        await(() -> row(name) != null && row(name).state().equals(state), name + " " + state);
        return row(name);
    }

    static void await(BooleanSupplier done, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            ClockWait.sleep(Duration.ofMillis(2));
        }
    }

    /** A few polls of the lifecycle's threads, for asserting that something did not happen. */
    static void settle() {
        ClockWait.sleep(Duration.ofMillis(60));
    }

    @Override
    public void close() {
        runtime.launched().forEach(FakeDynoRuntime.FakeHandle::obeySigterm);
        supervisor.stop(null);
        processes.close();
        converger.close();
    }
}
