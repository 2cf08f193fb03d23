package dev.slipway.dyno.domain;

import dev.slipway.dyno.config.LifecycleSettings;
import java.time.Instant;
import java.time.InstantSource;
import org.jboss.logging.Logger;

/**
 * A web dyno's boot: up once its port accepts; R10 and SIGKILL when it did not within the boot
 * timeout of its launch, on the injected clock (the kill makes it exit, which is a crash).
 */
final class BootWatch {
    private static final Logger LOG = Logger.getLogger(BootWatch.class);
    private final DynoLedger ledger;
    private final LifecycleSettings settings;
    private final InstantSource clock;

    BootWatch(DynoLedger ledger, LifecycleSettings settings, InstantSource clock) {
        this.ledger = ledger;
        this.settings = settings;
        this.clock = clock;
    }

    /** Polls until the dyno accepts (then runs {@code up}), ends, is stopped, or runs out of time. */
    void watch(RunningDyno r, Runnable up) {
        long started = System.nanoTime();
        Instant deadline = r.launchedAt.plus(settings.bootTimeout());
        while (clock.instant().isBefore(deadline)) {
            if (r.handle.exited().isDone() || r.stopping) {
                return;
            }
            if (r.handle.accepting()) {
                // where a deploy's time goes (issue 15): the process' own boot, from its start to its port
                LOG.infof("%s of %s accepts on its port %d ms after its start", r.dyno.name(), r.dyno.appName(),
                        (System.nanoTime() - started) / 1_000_000);
                up.run();
                return;
            }
            ClockWait.sleep(settings.poll());
        }
        if (r.handle.exited().isDone() || r.stopping) {
            return;
        }
        ledger.log(r.dyno, "Error R10 (Boot timeout) -> Web process failed to bind to $PORT within "
                + settings.bootTimeout().toSeconds() + " seconds of launch", "Stopping process with SIGKILL");
        r.handle.kill();
    }
}
