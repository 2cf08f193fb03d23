package dev.slipway.dyno.config;

import dev.slipway.dyno.domain.AppOutput;
import dev.slipway.dyno.domain.OutputCapture;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.InstantSource;

/**
 * The real things behind the lifecycle's seams: the system clock, and the app log for a dyno's
 * output. Fast tests construct the lifecycle classes with a fake clock and a fake runtime instead.
 */
public class LifecycleBeans {

    @Produces
    @Singleton
    InstantSource clock() {
        return InstantSource.system();
    }

    @Produces
    @Singleton
    OutputCapture output(AppOutput output) {
        return output::capture;
    }
}
