package dev.slipway.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Several log lines of one app from one {@code source[process]}, in order, each with its own time:
 * the router ships its {@code heroku[router]} lines this way, one record per app per flush rather
 * than one per request. Consumers store each line as they would a {@link LogLine}.
 */
public record LogLines(UUID appId, String source, String process, List<Line> lines) implements Event {

    public LogLines {
        lines = lines == null ? List.of() : List.copyOf(lines);
    }

    /** One line: when it was written and what it says. */
    public record Line(Instant at, String message) {}
}
