package dev.slipway.dyno.metrics;

import dev.slipway.kit.HerokuError;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * The time range and step a metrics request asks for, checked: {@code since}/{@code until} are
 * ISO-8601 (the last hour ending now when left out), {@code step} is 10, 60 or 600 seconds (60 up
 * to 6 h, 600 above when left out); at most 7 days, at most {@link #MAX_POINTS} buckets, since
 * before until. Anything else is Heroku's 422 {@code invalid_params}.
 */
public record MetricsRange(Instant since, Instant until, int step) {
    static final Duration MAX_RANGE = Duration.ofDays(7);
    static final Duration DEFAULT_RANGE = Duration.ofHours(1);
    /** A week at 1-minute steps; 10-second steps therefore cover at most 28 h. */
    static final long MAX_POINTS = 10_080;

    public static MetricsRange parse(String since, String until, String step, Instant now) {
        Instant end = until == null || until.isBlank() ? now : instant("until", until);
        Instant start = since == null || since.isBlank() ? end.minus(DEFAULT_RANGE) : instant("since", since);
        if (!start.isBefore(end)) {
            throw HerokuError.invalidParams("since must be before until.");
        }
        Duration range = Duration.between(start, end);
        if (range.compareTo(MAX_RANGE) > 0) {
            throw HerokuError.invalidParams("The range from since to until may be at most 7 days.");
        }
        int seconds = step == null || step.isBlank() ? (range.compareTo(Duration.ofHours(6)) <= 0 ? 60 : 600)
                : step(step);
        if (range.toSeconds() / seconds > MAX_POINTS) {
            throw HerokuError.invalidParams("The range holds more than " + MAX_POINTS + " steps of " + seconds
                    + " seconds: use a larger step.");
        }
        return new MetricsRange(start, end, seconds);
    }

    /** The start of the first bucket: since, rounded down to the step. */
    Instant firstBucket() {
        return Instant.ofEpochSecond(Math.floorDiv(since.getEpochSecond(), step) * step);
    }

    private static int step(String value) {
        return switch (value.trim()) {
            case "10" -> 10;
            case "60" -> 60;
            case "600" -> 600;
            default -> throw HerokuError.invalidParams("step must be 10, 60 or 600 (seconds).");
        };
    }

    private static Instant instant(String name, String value) {
        try {
            return OffsetDateTime.parse(value.trim()).toInstant();
        } catch (DateTimeParseException e) {
            throw HerokuError.invalidParams(name + " must be an ISO-8601 time such as 2026-12-05T10:00:00Z.");
        }
    }
}
