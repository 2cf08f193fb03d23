package dev.slipway.dyno.domain;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.InstantSource;

/**
 * Heroku's daily restart: a formation dyno that is up and past its cycle time ({@link
 * CycleSchedule}) is replaced, its successor first (see {@link Converger}). One-off dynos are not
 * cycled; a dyno still starting waits for its next check.
 */
@ApplicationScoped
public class DailyCycling {
    private final DynoProcesses processes;
    private final Supervisor supervisor;
    private final InstantSource clock;

    DailyCycling(DynoProcesses processes, Supervisor supervisor, InstantSource clock) {
        this.processes = processes;
        this.supervisor = supervisor;
        this.clock = clock;
    }

    /** Cycles every dyno that is due (every 30 s). */
    public void check() {
        Instant now = clock.instant();
        for (RunningDyno r : processes.running()) {
            if (!r.dyno.oneOff() && r.live() && Dyno.UP.equals(r.state) && !now.isBefore(r.cycleAt)) {
                supervisor.cycle(r.dyno);
            }
        }
    }
}
