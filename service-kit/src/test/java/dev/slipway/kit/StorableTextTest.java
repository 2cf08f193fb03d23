package dev.slipway.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

// Pure: StorableText alone. Whether PostgreSQL takes the result is DeadLetterTest's and release-service's to show.
class StorableTextTest {

    @Test
    void a_nul_becomes_the_replacement_character_and_nothing_else_changes() {
        assertEquals("echo a\uFFFDb", StorableText.of("echo a\u0000b"));
        assertEquals("\uFFFD\uFFFD", StorableText.of("\0\0"));
        assertEquals("\\u0000 stays as typed", StorableText.of("\\u0000 stays as typed"));
        String clean = "caf\u00e9 \uD83D\uDE80 \t\n";
        assertSame(clean, StorableText.of(clean));
        assertNull(StorableText.of((String) null));
        assertEquals("x\uFFFDy", StorableText.of("x\uD800y"), "a lone high surrogate");
        assertEquals("x\uFFFD", StorableText.of("x\uDC00"), "a lone low surrogate");
        assertFalse(StorableText.storable("a\uD800"));
        assertFalse(StorableText.storable("a\0"));
        assertTrue(StorableText.storable("a"));
    }

    @Test
    void maps_keep_their_order_and_are_copied_only_when_needed() {
        Map<String, String> clean = Map.of("web", "node server.js");
        assertSame(clean, StorableText.of(clean));
        Map<String, String> dirty = new LinkedHashMap<>();
        dirty.put("web", "node\0server.js");
        dirty.put("wor\0ker", "run");
        Map<String, String> storable = StorableText.of(dirty);
        assertEquals(List.of("web", "wor\uFFFDker"), List.copyOf(storable.keySet()));
        assertEquals("node\uFFFDserver.js", storable.get("web"));
    }
}
