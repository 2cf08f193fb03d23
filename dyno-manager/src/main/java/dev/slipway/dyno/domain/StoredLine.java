package dev.slipway.dyno.domain;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

/** One line of an app's log as kept for {@code heroku logs}; {@code id} orders an app's lines. */
public record StoredLine(long id, UUID appId, Instant at, String source, String process, String message) {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxxx")
            .withZone(ZoneOffset.UTC);

    /** Heroku's shape: {@code 2026-11-22T10:00:00.123456+00:00 app[web.1]: listening on 5000}. */
    public String format() {
        return STAMP.format(at) + " " + source + "[" + process + "]: " + message;
    }
}
