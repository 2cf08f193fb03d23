package dev.slipway.kit;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Text made storable in PostgreSQL, for a service to use at its edges (an event's fields, a
 * dyno's output) before the text reaches a column. PostgreSQL refuses NUL (U+0000) in {@code text}
 * ("invalid byte sequence for encoding UTF8: 0x00") and in {@code jsonb} ("unsupported Unicode
 * escape sequence"), and a lone UTF-16 surrogate cannot be written as UTF-8 at all (only a JSON
 * escape can make one); every other character a Java string holds is stored. Each becomes U+FFFD,
 * the replacement character: visible where the text is shown, one character for one (so length
 * limits still hold), and what a UTF-8 decoder already puts in place of bytes it cannot read.
 * The one way every service makes text storable (events at release-service's edge, dyno output,
 * build output).
 */
public final class StorableText {
    public static final char REPLACEMENT = '\uFFFD';

    private StorableText() {}

    /** The text with every NUL and lone surrogate replaced; the same string when there is none; null stays null. */
    public static String of(String text) {
        if (text == null) {
            return null;
        }
        int bad = firstUnstorable(text);
        if (bad < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length()).append(text, 0, bad);
        for (int i = bad; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(++i));
            } else {
                out.append(c == 0 || Character.isSurrogate(c) ? REPLACEMENT : c);
            }
        }
        return out.toString();
    }

    /** Whether PostgreSQL can store the text as it is. */
    public static boolean storable(String text) {
        return text == null || firstUnstorable(text) < 0;
    }

    private static int firstUnstorable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (c == 0 || Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
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
