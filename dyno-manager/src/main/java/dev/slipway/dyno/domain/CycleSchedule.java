package dev.slipway.dyno.domain;

import dev.slipway.dyno.config.LifecycleSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * When a dyno is cycled (Heroku's daily restart): 24 h plus a random 0-216 minutes after it
 * started, or, when the operator picked an hour, at that hour plus a random 0-59 minutes (so a
 * host's dynos do not all restart in the same minute), the first such time at least an hour after
 * the start. Every launch starts the clock again, so releases and restarts reset it.
 */
@ApplicationScoped
public class CycleSchedule {
    static final Duration PERIOD = Duration.ofHours(24);
    static final long JITTER_MINUTES = 216;
    static final Duration MIN_AGE = Duration.ofHours(1);

    private final LifecycleSettings settings;
    private final RandomGenerator random;

    @Inject
    CycleSchedule(LifecycleSettings settings) {
        this(settings, new SplittableRandom());
    }

    CycleSchedule(LifecycleSettings settings, RandomGenerator random) {
        this.settings = settings;
        this.random = random;
    }

    /** When a dyno launched at {@code started} is due to be cycled. */
    public Instant next(Instant started) {
        if (settings.cycleHour().isEmpty()) {
            return started.plus(PERIOD).plusSeconds(random.nextLong(JITTER_MINUTES * 60 + 1));
        }
        ZonedDateTime local = started.atZone(settings.cycleZone());
        ZonedDateTime at = local.with(LocalTime.of(settings.cycleHour().getAsInt(), 0))
                .plusSeconds(random.nextLong(60 * 60));
        while (at.toInstant().isBefore(started.plus(MIN_AGE))) {
            at = at.plusDays(1);
        }
        return at.toInstant();
    }
}
