package dev.slipway.kit;

import java.util.List;
import java.util.Locale;

/**
 * A list request's {@code Range} header, Heroku's way: {@code <field> [start]..[end][; max=N][, order=asc|desc]},
 * where a start written {@code ]start} excludes the start itself (what {@code Next-Range} sends back).
 * Options may be separated by {@code ,} or {@code ;} and a trailing separator is fine, as the heroku
 * CLI writes {@code id ..; max=1000;} and {@code version ..; order=desc,max=1}. An empty or missing
 * header is the default range: the first field, ascending, 200 items. A header that does not parse is
 * 400 {@code bad_request}; one that parses but cannot be served (a field the list is not ordered by,
 * an end without a start, max outside 1..1000) is 416 {@code requested_range_not_satisfiable}.
 */
public record RangeHeader(String field, String start, boolean startExclusive, String end, boolean descending, int max) {
    public static final int DEFAULT_MAX = 200;
    public static final int LIMIT = 1000;

    /** Parses {@code header} for a list ordered by {@code fields}; the first of them is the default. */
    public static RangeHeader parse(String header, List<String> fields) {
        if (header == null || header.isBlank()) {
            return new RangeHeader(fields.getFirst(), null, false, null, false, DEFAULT_MAX);
        }
        String h = header.trim();
        int semicolon = h.indexOf(';');
        String range = (semicolon < 0 ? h : h.substring(0, semicolon)).trim();
        String options = semicolon < 0 ? "" : h.substring(semicolon + 1);

        int space = range.indexOf(' ');
        int dots = range.indexOf("..");
        if (space <= 0 || dots < space) {
            throw malformed(header);
        }
        String field = range.substring(0, space);
        if (!fields.contains(field)) {
            throw unsatisfiable("Lists here can be ordered by " + String.join(", ", fields) + ", not by " + field + ".");
        }
        String start = range.substring(space + 1, dots).trim();
        String end = range.substring(dots + 2).trim();
        boolean exclusive = start.startsWith("]");
        if (exclusive) {
            start = start.substring(1).trim();
        }
        if (start.isEmpty() && !end.isEmpty()) {
            throw unsatisfiable("A range needs a start when it has an end.");
        }

        int max = DEFAULT_MAX;
        boolean descending = false;
        for (String option : options.split("[,;]")) {
            String o = option.trim();
            if (o.isEmpty()) {
                continue;
            }
            int eq = o.indexOf('=');
            if (eq < 0) {
                throw malformed(header);
            }
            String key = o.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            String value = o.substring(eq + 1).trim().toLowerCase(Locale.ROOT);
            switch (key) {
                case "max" -> max = parseMax(value, header);
                case "order" -> descending = switch (value) {
                    case "asc" -> false;
                    case "desc" -> true;
                    default -> throw malformed(header);
                };
                default -> throw malformed(header);
            }
        }
        return new RangeHeader(field, start.isEmpty() ? null : start, exclusive && !start.isEmpty(),
                end.isEmpty() ? null : end, descending, max);
    }

    /**
     * The keys a range over a numeric field covers, inclusive, null where open: what a store that cuts
     * a long list itself (in SQL) needs. A span whose lowest is above its highest covers nothing.
     */
    public record Span(Long lowest, Long highest) {}

    /** This range as a {@link Span}; a bound that is not a number is 400. */
    public Span numericSpan() {
        Long first = start == null ? null : parseNumber(start);
        Long last = end == null ? null : parseNumber(end);
        if (first != null && startExclusive) {
            // the start comes first in the list's order: with order=desc it is the highest key
            if (first == (descending ? Long.MIN_VALUE : Long.MAX_VALUE)) {
                return new Span(Long.MAX_VALUE, Long.MIN_VALUE);
            }
            first += descending ? -1 : 1;
        }
        return descending ? new Span(last, first) : new Span(first, last);
    }

    /** The header that asks for the items after {@code lastKey}, everything else unchanged. */
    public String nextAfter(String lastKey) {
        return field + " ]" + lastKey + ".." + (end == null ? "" : end) + "; max=" + max
                + (descending ? ", order=desc" : "");
    }

    private static int parseMax(String value, String header) {
        int max;
        try {
            max = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw malformed(header);
        }
        if (max < 1 || max > LIMIT) {
            throw unsatisfiable("max must be between 1 and " + LIMIT + ".");
        }
        return max;
    }

    static long parseNumber(String bound) {
        try {
            return Long.parseLong(bound);
        } catch (NumberFormatException e) {
            throw HerokuError.badRequest("Invalid Range header: " + bound + " is not a number.");
        }
    }

    private static HerokuError malformed(String header) {
        return HerokuError.badRequest("Invalid Range header: " + header
                + ". Expected e.g. `id ..; max=200` or `name ]last..; order=desc, max=10`.");
    }

    private static HerokuError unsatisfiable(String message) {
        return new HerokuError(416, "requested_range_not_satisfiable", "Range not satisfiable: " + message);
    }
}
