package dev.slipway.release.api;

import dev.slipway.kit.HerokuError;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Heroku's list paging: {@code Range: version ]3..; max=10, order=desc}. The start bound comes
 * first in the list's order (so with order=desc it is the highest version), {@code ]} excludes it.
 * Ranging by {@code id} is accepted for the CLI's sake, but ids have no order: only max and order apply.
 */
public record ReleaseRange(String field, Integer start, boolean startExclusive, Integer end, int max, boolean descending) {
    public static final int DEFAULT_MAX = 200;
    public static final int MAX_MAX = 1000;
    private static final Pattern RANGE = Pattern.compile("^\\s*(\\w+)\\s*(\\]?)([^.;\\s]*)\\.\\.([^;\\s]*)\\s*(?:;(.*))?$");

    public static ReleaseRange parse(String header) {
        if (header == null || header.isBlank()) {
            return new ReleaseRange("version", null, false, null, DEFAULT_MAX, false);
        }
        Matcher m = RANGE.matcher(header);
        if (!m.matches()) {
            throw invalid(header);
        }
        String field = m.group(1).toLowerCase(Locale.ROOT);
        if (!field.equals("version") && !field.equals("id")) {
            throw invalid(header);
        }
        boolean byVersion = field.equals("version");
        Integer start = byVersion ? bound(m.group(3), header) : null;
        Integer end = byVersion ? bound(m.group(4), header) : null;
        int max = DEFAULT_MAX;
        boolean descending = false;
        if (m.group(5) != null) {
            for (String param : m.group(5).split("[,;]")) {
                if (param.isBlank()) {
                    continue;
                }
                String[] kv = param.trim().split("=", 2);
                String key = kv[0].trim().toLowerCase(Locale.ROOT);
                String value = kv.length == 2 ? kv[1].trim().toLowerCase(Locale.ROOT) : "";
                switch (key) {
                    case "max" -> {
                        if (!value.matches("\\d{1,4}") || Integer.parseInt(value) < 1 || Integer.parseInt(value) > MAX_MAX) {
                            throw HerokuError.badRequest("Range max must be between 1 and " + MAX_MAX + ".");
                        }
                        max = Integer.parseInt(value);
                    }
                    case "order" -> {
                        if (!value.equals("asc") && !value.equals("desc")) {
                            throw HerokuError.badRequest("Range order must be asc or desc.");
                        }
                        descending = value.equals("desc");
                    }
                    default -> throw invalid(header);
                }
            }
        }
        return new ReleaseRange(field, start, byVersion && m.group(2).equals("]"), end, max, descending);
    }

    /** The lowest version to list, inclusive, or null. */
    public Integer lowest() {
        return descending ? end : shifted(start, 1);
    }

    /** The highest version to list, inclusive, or null. */
    public Integer highest() {
        return descending ? shifted(start, -1) : end;
    }

    /** The Next-Range header that continues after the given last listed version. */
    public String next(int lastVersion) {
        return "version ]" + lastVersion + ".." + (end == null ? "" : end) + "; max=" + max + ", order="
                + (descending ? "desc" : "asc");
    }

    private Integer shifted(Integer bound, int by) {
        return bound == null ? null : startExclusive ? bound + by : bound;
    }

    private static Integer bound(String value, String header) {
        if (value.isEmpty()) {
            return null;
        }
        if (!value.matches("\\d{1,9}")) {
            throw invalid(header);
        }
        return Integer.parseInt(value);
    }

    private static HerokuError invalid(String header) {
        return HerokuError.badRequest("Invalid Range header: " + header.strip());
    }
}
