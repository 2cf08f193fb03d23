package dev.slipway.dyno.domain;

import dev.slipway.dyno.config.LifecycleSettings;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Locale;

/**
 * Heroku's dyno memory rules, on each sample of every running dyno: over its size's quota is R14
 * (logged with the usage, the dyno goes on); at twice the quota, where the sandbox's hard limit
 * sits, or when the kernel OOM-killed one of its processes, R15: the dyno is killed and the
 * formation starts it again.
 */
@ApplicationScoped
public class MemoryWatch {
    static final String R14 = "Error R14 (Memory quota exceeded)";
    static final String R15 = "Error R15 (Memory quota vastly exceeded)";
    private static final long MB = 1024 * 1024;

    private final DynoProcesses processes;
    private final DynoLedger ledger;
    private final Supervisor supervisor;
    private final LifecycleSettings settings;
    private final InstantSource clock;

    MemoryWatch(DynoProcesses processes, DynoLedger ledger, Supervisor supervisor, LifecycleSettings settings,
                InstantSource clock) {
        this.processes = processes;
        this.ledger = ledger;
        this.supervisor = supervisor;
        this.settings = settings;
        this.clock = clock;
    }

    /** One sample of every running dyno (every {@code slipway.dyno.memory-sample}). */
    public void sample() {
        for (RunningDyno r : processes.running()) {
            if (r.live()) {
                check(r);
            }
        }
    }

    private void check(RunningDyno r) {
        DynoSize size = DynoSize.of(r.dyno.size());
        long used = r.handle.memoryBytes();
        long oomKills = r.handle.oomKills();
        boolean oomKilled = oomKills > r.oomKillsSeen;
        r.oomKillsSeen = oomKills;
        if (oomKilled || used >= size.memoryLimitBytes()) {
            // from here on the kill is under way: later samples leave it alone
            r.stopping = true;
            supervisor.memoryExceeded(r.dyno, r.upSince, used < 0 ? List.of(R15) : List.of(running(used, size), R15));
        } else if (used > size.memoryQuotaBytes()) {
            Instant now = clock.instant();
            if (r.r14LoggedAt == null || !now.isBefore(r.r14LoggedAt.plus(settings.r14Interval()))) {
                r.r14LoggedAt = now;
                ledger.log(r.dyno, running(used, size), R14);
            }
        }
    }

    /** Heroku's usage line: {@code Process running mem=600M(117.2%)}, in MiB and percent of the quota. */
    static String running(long used, DynoSize size) {
        return String.format(Locale.ROOT, "Process running mem=%dM(%.1f%%)", used / MB,
                100.0 * used / size.memoryQuotaBytes());
    }
}
