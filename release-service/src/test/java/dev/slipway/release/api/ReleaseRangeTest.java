package dev.slipway.release.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.kit.HerokuError;
import org.junit.jupiter.api.Test;

/** Plain unit test: nothing is faked, nothing else runs. */
class ReleaseRangeTest {

    @Test
    void defaultsToAllAscending() {
        ReleaseRange r = ReleaseRange.parse(null);
        assertEquals(200, r.max());
        assertNull(r.lowest());
        assertNull(r.highest());
    }

    @Test
    void readsTheCliHeader() {
        ReleaseRange r = ReleaseRange.parse("version ..; max=15, order=desc");
        assertTrue(r.descending());
        assertEquals(15, r.max());
        assertEquals("version ]7..; max=15, order=desc", r.next(7));
    }

    @Test
    void exclusiveStartFollowsTheOrder() {
        assertEquals(6, ReleaseRange.parse("version ]7..; order=desc").highest());
        assertNull(ReleaseRange.parse("version ]7..; order=desc").lowest());
        assertEquals(8, ReleaseRange.parse("version ]7..").lowest());
        assertEquals(7, ReleaseRange.parse("version 7..9").lowest());
        assertEquals(9, ReleaseRange.parse("version 7..9").highest());
        assertNull(ReleaseRange.parse("id ..; max=10").lowest());
    }

    @Test
    void refusesNonsense() {
        for (String header : new String[] {"name ..", "version", "version a..", "version ..; max=0",
                "version ..; max=1001", "version ..; order=up", "version ..; colour=red"}) {
            assertThrows(HerokuError.class, () -> ReleaseRange.parse(header), header);
        }
    }
}
