package dev.slipway.router.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Heroku's X-Request-Id rule: pure, nothing faked. */
class RequestIdsTest {

    @Test
    void keepsAValidClientId() {
        String id = "abcDEF0123456789+/=-xyz";
        assertEquals(id, RequestIds.keepOrGenerate(id));
        String longest = "a".repeat(200);
        assertEquals(longest, RequestIds.keepOrGenerate(longest));
    }

    @Test
    void replacesMissingShortLongOrOddIds() {
        for (String bad : new String[] {null, "", "short", "a".repeat(19), "a".repeat(201),
                "has spaces in it but long enough", "semicolon;is;not;allowed;here"}) {
            String id = RequestIds.keepOrGenerate(bad);
            assertNotEquals(bad, id);
            assertEquals(4, UUID.fromString(id).version());
            assertTrue(RequestIds.isValid(id));
        }
    }
}
