package dev.slipway.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

// Real: everything; RangeHeader is a pure parser.
class RangeHeaderTest {
    private static final List<String> FIELDS = List.of("id", "name");

    @Test
    void no_header_is_the_first_field_ascending_200() {
        assertEquals(new RangeHeader("id", null, false, null, false, 200), RangeHeader.parse(null, FIELDS));
        assertEquals(new RangeHeader("id", null, false, null, false, 200), RangeHeader.parse("", FIELDS));
        assertEquals(new RangeHeader("id", null, false, null, false, 200), RangeHeader.parse("  ", FIELDS));
    }

    @Test
    void reads_what_heroku_documents_and_what_the_cli_sends() {
        assertEquals(new RangeHeader("id", null, false, null, false, 10), RangeHeader.parse("id ..; max=10", FIELDS));
        assertEquals(new RangeHeader("name", null, false, null, true, 15),
                RangeHeader.parse("name ..; order=desc, max=15", FIELDS));
        assertEquals(new RangeHeader("id", null, false, null, false, 1000), RangeHeader.parse("id ..; max=1000;", FIELDS));
        assertEquals(new RangeHeader("name", null, false, null, true, 1),
                RangeHeader.parse("name ..; order=desc,max=1", FIELDS));
        assertEquals(new RangeHeader("name", "b", false, "m", false, 200), RangeHeader.parse("name b..m", FIELDS));
        assertEquals(new RangeHeader("name", "b", true, null, false, 5), RangeHeader.parse("name ]b..; max=5", FIELDS));
        assertEquals(new RangeHeader("id", null, false, null, false, 1000), RangeHeader.parse("id ]..; max=1000", FIELDS));
    }

    @Test
    void next_range_round_trips() {
        RangeHeader r = RangeHeader.parse("name ..; order=desc, max=15", FIELDS);
        assertEquals("name ]m..; max=15, order=desc", r.nextAfter("m"));
        assertEquals(new RangeHeader("name", "m", true, null, true, 15), RangeHeader.parse(r.nextAfter("m"), FIELDS));
    }

    @Test
    void a_numeric_span_is_inclusive_and_follows_the_order() {
        List<String> versions = List.of("version");
        assertEquals(new RangeHeader.Span(null, null), RangeHeader.parse(null, versions).numericSpan());
        assertEquals(new RangeHeader.Span(7L, 9L), RangeHeader.parse("version 7..9", versions).numericSpan());
        assertEquals(new RangeHeader.Span(8L, null), RangeHeader.parse("version ]7..", versions).numericSpan());
        // with order=desc the start is the highest key, so an excluded start 7 leaves 6 and below
        assertEquals(new RangeHeader.Span(null, 6L),
                RangeHeader.parse("version ]7..; order=desc", versions).numericSpan());
        assertEquals(new RangeHeader.Span(3L, 9L), RangeHeader.parse("version 9..3; order=desc", versions).numericSpan());
        RangeHeader.Span nothing = RangeHeader.parse("version ]" + Long.MAX_VALUE + "..", versions).numericSpan();
        assertTrue(nothing.lowest() > nothing.highest());
        HerokuError e = assertThrows(HerokuError.class, () -> RangeHeader.parse("version a..", versions).numericSpan());
        assertEquals(400, e.status());
    }

    @Test
    void malformed_headers_are_400() {
        for (String bad : List.of("id", "id 1-2", "..", "id ..; max=ten", "id ..; order=up", "id ..; size=3",
                "id ..; max")) {
            HerokuError e = assertThrows(HerokuError.class, () -> RangeHeader.parse(bad, FIELDS), bad);
            assertEquals(400, e.status(), bad);
            assertEquals("bad_request", e.id(), bad);
        }
    }

    @Test
    void unservable_ranges_are_416() {
        for (String bad : List.of("version ..", "id ..; max=0", "id ..; max=1001", "id ..5")) {
            HerokuError e = assertThrows(HerokuError.class, () -> RangeHeader.parse(bad, FIELDS), bad);
            assertEquals(416, e.status(), bad);
            assertEquals("requested_range_not_satisfiable", e.id(), bad);
        }
    }
}
