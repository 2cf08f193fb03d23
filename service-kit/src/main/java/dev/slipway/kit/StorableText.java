package dev.slipway.kit;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Text made storable in PostgreSQL, for a service to use at its edges (an event's fields, a
 * dyno's output) before the text reaches a column. PostgreSQL refuses NUL (U+0000) in {@code text}
 * ("invalid byte sequence for encoding UTF8: 0x00") and in {@code jsonb} ("unsupported Unicode
 * escape sequence"); every other character a Java string holds is stored. A NUL becomes U+FFFD,
 * the replacement character: visible where the text is shown, one character for one (so length
 * limits still hold), and what a UTF-8 decoder already puts in place of bytes it cannot read.
 */
public final class StorableText {
    public static final char REPLACEMENT = '\uFFFD';

    private StorableText() {}

    /** The text with every NUL replaced; the same string when there is none; null stays null. */
    public static String of(String text) {
        return text == null || text.indexOf('\0') < 0 ? text : text.replace('\0', REPLACEMENT);
    }

    /** Whether PostgreSQL can store the text as it is. */
    public static boolean storable(String text) {
        return text == null || text.indexOf('\0') < 0;
    }

    /** Keys and values made storable, in the same order; the same map when nothing needed it. */
    public static Map<String, String> of(Map<String, String> map) {
        if (map == null || map.entrySet().stream().allMatch(e -> storable(e.getKey()) && storable(e.getValue()))) {
            return map;
        }
        Map<String, String> out = new LinkedHashMap<>();
        // two keys that differ only by a NUL and U+FFFD become one: the later entry wins
        map.forEach((k, v) -> out.put(of(k), of(v)));
        return out;
    }
}
