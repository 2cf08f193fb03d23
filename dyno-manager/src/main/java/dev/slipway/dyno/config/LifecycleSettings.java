package dev.slipway.dyno.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Optional;
import java.util.OptionalInt;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The timings of a dyno's life: boot (R10) and stop (R12) timeouts, how often memory is sampled
 * (R14/R15) and when dynos are cycled. Tests build one with {@link #of}.
 */
@ApplicationScoped
public class LifecycleSettings {
    /**
     * How often a booting web dyno's port is tried (and a waiting thread looks again): a refused
     * connect to the dyno's own address costs microseconds, and each tick of waiting is added to
     * every deploy's time to its first 200 (100 ms cost a warm push 50 ms on average).
     */
    static final Duration POLL = Duration.ofMillis(20);

    private final Duration bootTimeout;
    private final Duration stopTimeout;
    private final String advertisedHost;
    private final Duration poll;
    private final Duration memorySample;
    private final Duration r14Interval;
    private final OptionalInt cycleHour;
    private final ZoneId cycleZone;

    @Inject
    LifecycleSettings(@ConfigProperty(name = "slipway.dyno.boot-timeout", defaultValue = "60s") Duration bootTimeout,
                      @ConfigProperty(name = "slipway.dyno.stop-timeout", defaultValue = "30s") Duration stopTimeout,
                      @ConfigProperty(name = "slipway.dyno.advertised-host", defaultValue = "127.0.0.1") String advertisedHost,
                      @ConfigProperty(name = "slipway.dyno.memory-sample", defaultValue = "5s") Duration memorySample,
                      @ConfigProperty(name = "slipway.dyno.r14-interval", defaultValue = "60s") Duration r14Interval,
                      @ConfigProperty(name = "slipway.dyno.cycle-hour") Optional<Integer> cycleHour,
                      @ConfigProperty(name = "slipway.dyno.cycle-zone", defaultValue = "UTC") ZoneId cycleZone) {
        this(bootTimeout, stopTimeout, advertisedHost, POLL, memorySample, r14Interval,
                cycleHour.map(OptionalInt::of).orElse(OptionalInt.empty()), cycleZone);
    }

    private LifecycleSettings(Duration bootTimeout, Duration stopTimeout, String advertisedHost, Duration poll,
                              Duration memorySample, Duration r14Interval, OptionalInt cycleHour, ZoneId cycleZone) {
        if (cycleHour.isPresent() && (cycleHour.getAsInt() < 0 || cycleHour.getAsInt() > 23)) {
            throw new IllegalArgumentException("slipway.dyno.cycle-hour must be an hour of the day, 0 to 23, not "
                    + cycleHour.getAsInt());
        }
        if (memorySample.isNegative() || memorySample.isZero()) {
            throw new IllegalArgumentException("slipway.dyno.memory-sample must be positive");
        }
        this.bootTimeout = bootTimeout;
        this.stopTimeout = stopTimeout;
        this.advertisedHost = advertisedHost;
        this.poll = poll;
        this.memorySample = memorySample;
        this.r14Interval = r14Interval;
        this.cycleHour = cycleHour;
        this.cycleZone = cycleZone;
    }

    /** For tests: the given timeouts and cycle hour, a short poll, Heroku's other figures. */
    public static LifecycleSettings of(Duration bootTimeout, Duration stopTimeout, OptionalInt cycleHour) {
        return new LifecycleSettings(bootTimeout, stopTimeout, "127.0.0.1", Duration.ofMillis(2), Duration.ofSeconds(5),
                Duration.ofSeconds(60), cycleHour, ZoneId.of("UTC"));
    }

    /** A web dyno must accept on $PORT within this (R10); also how long preboot waits for a successor. */
    public Duration bootTimeout() {
        return bootTimeout;
    }

    /** SIGTERM, then SIGKILL after this (R12). */
    public Duration stopTimeout() {
        return stopTimeout;
    }

    /** The address the router reaches this machine's dynos at, until a launch reports the dyno's own. */
    public String advertisedHost() {
        return advertisedHost;
    }

    /** How often a waiting thread looks again (a port to accept, a process to exit), in real time. */
    public Duration poll() {
        return poll;
    }

    /** How often every running dyno's memory use is read. */
    public Duration memorySample() {
        return memorySample;
    }

    /** R14 is logged once, then at most once per this while the dyno stays over its quota. */
    public Duration r14Interval() {
        return r14Interval;
    }

    /** The hour of the day (in {@link #cycleZone()}) the operator wants dynos cycled at; empty: 24 h after start. */
    public OptionalInt cycleHour() {
        return cycleHour;
    }

    public ZoneId cycleZone() {
        return cycleZone;
    }
}
