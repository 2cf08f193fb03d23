package dev.slipway.router.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.slipway.events.EventCodec;
import dev.slipway.events.EventEnvelope;
import dev.slipway.events.LogLines;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

// Real: the hand-written JSON and EventCodec (Jackson) reading it back. Faked: nothing.
class LogLinesJsonTest {
    private static final UUID APP = UUID.fromString("6f1c2d3e-0000-4000-8000-000000000001");

    @Test
    void eventCodecReadsTheHandWrittenEnvelopeBackToTheSameLines() {
        Instant first = Instant.parse("2026-11-23T23:59:59.999999Z");
        List<LogLines.Line> lines = List.of(
                new LogLines.Line(first, "at=info method=GET path=\"/q?a=\\\\b\" host=x.localhost status=200"),
                new LogLines.Line(first.plusNanos(1_000), "tab\there, newline\nthere, cr\r, bell\u0007, nul\u0000"),
                new LogLines.Line(first.plusSeconds(2), "caf\u00e9 \u2603 \ud83d\ude80 \u2028 /*</script>*/"),
                new LogLines.Line(Instant.parse("1970-01-01T00:00:00Z"), ""));
        LogLinesJson json = new LogLinesJson(new IsoMicros());
        json.begin(APP, micros(first));
        lines.forEach(l -> json.add(micros(l.at()), l.message()));
        assertEquals(4, json.lines());

        EventEnvelope envelope = EventCodec.fromJson(json.end());
        assertEquals("LogLines", envelope.type());
        assertEquals(EventEnvelope.CURRENT_SCHEMA_VERSION, envelope.schemaVersion());
        assertEquals(APP, envelope.appId());
        assertEquals("router", envelope.producer());
        assertEquals(first, envelope.occurredAt());
        assertEquals(new LogLines(APP, "heroku", "router", lines), envelope.payload());
    }

    @Test
    void aWriterStartsAFreshEnvelopeWithEachBegin() {
        LogLinesJson json = new LogLinesJson(new IsoMicros());
        json.begin(APP, 1);
        json.add(1, "first envelope");
        String one = json.end();
        UUID other = UUID.randomUUID();
        json.begin(other, 2);
        json.add(2, "second envelope");
        EventEnvelope two = EventCodec.fromJson(json.end());
        assertEquals(new LogLines(other, "heroku", "router", List.of(new LogLines.Line(Instant.EPOCH.plusNanos(2_000),
                "second envelope"))), two.payload());
        assertEquals(1, ((LogLines) EventCodec.fromJson(one).payload()).lines().size());
    }

    @Test
    void timesAreWrittenAsInstantWritesThemWithSixFractionDigits() {
        IsoMicros times = new IsoMicros();
        for (Instant at : List.of(Instant.parse("2026-02-28T23:59:59.000001Z"), Instant.parse("2028-02-29T12:00:00Z"),
                Instant.now().truncatedTo(ChronoUnit.MICROS))) {
            StringBuilder out = new StringBuilder();
            times.append(out, micros(at));
            assertEquals(at, Instant.parse(out));
            assertEquals(27, out.length(), out.toString());
        }
    }

    private static long micros(Instant at) {
        return at.getEpochSecond() * 1_000_000L + at.getNano() / 1_000;
    }
}
