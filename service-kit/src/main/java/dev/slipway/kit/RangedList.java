package dev.slipway.kit;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;

/**
 * Serves a list resource one {@code Range} at a time, as Heroku's Platform API does: 200 items by
 * default (up to 1000), 206 with {@code Next-Range} while more remain, {@code Content-Range} naming
 * the first and last key sent, {@code Accept-Ranges} listing the fields the list can be ordered by.
 * The list is ordered and cut in memory: right for the hundreds of rows a Slipway list holds. A list
 * that grows without bound (releases) is cut by its store first: read the header with {@link #range},
 * fetch the first {@code max + 1} items within it in its order (for a number field, the keys in
 * {@link RangeHeader#numericSpan}), and pass them, in any order, to {@link #respond(RangeHeader, List, Function)}.
 *
 * <pre>{@code
 * static final RangedList<App> APPS = RangedList.of(RangedList.text("id", a -> a.id().toString()),
 *                                                   RangedList.text("name", App::name));
 * return APPS.respond(rangeHeader, apps, AppView::of);
 * }</pre>
 */
public final class RangedList<T> {
    private final List<Field<T>> fields;
    private final List<String> names;

    /** A field a list can be ordered by; {@code key} is what {@code start..end} bounds are compared with. */
    public record Field<T>(String name, Comparator<T> order, Function<T, String> key, Comparator<String> boundOrder) {}

    @SafeVarargs
    public static <T> RangedList<T> of(Field<T>... fields) {
        return new RangedList<>(List.of(fields));
    }

    /** A field ordered as text (ids, names, hostnames). */
    public static <T> Field<T> text(String name, Function<T, String> key) {
        return new Field<>(name, Comparator.comparing(key), key, Comparator.naturalOrder());
    }

    /** A field ordered as a number (versions); a bound that is not a number is 400. */
    public static <T> Field<T> number(String name, ToLongFunction<T> key) {
        Comparator<String> numeric = Comparator.comparingLong(RangeHeader::parseNumber);
        return new Field<>(name, Comparator.comparingLong(key), t -> Long.toString(key.applyAsLong(t)), numeric);
    }

    private RangedList(List<Field<T>> fields) {
        this.fields = fields;
        this.names = fields.stream().map(Field::name).toList();
    }

    /** The header read for this list: its field is one of the list's, its bounds fit the field (else 400 or 416). */
    public RangeHeader range(String rangeHeader) {
        RangeHeader range = RangeHeader.parse(rangeHeader, names);
        Comparator<String> bounds = field(range).boundOrder();
        // a malformed bound is refused even when the list is empty
        Stream.of(range.start(), range.end()).filter(Objects::nonNull).forEach(b -> bounds.compare(b, b));
        return range;
    }

    /** The page of {@code items} the header asks for. */
    public Page<T> page(String rangeHeader, List<T> items) {
        return page(range(rangeHeader), items);
    }

    /** The page of {@code items} a range read by {@link #range} asks for. */
    public Page<T> page(RangeHeader range, List<T> items) {
        Field<T> field = field(range);
        Comparator<T> order = range.descending() ? field.order().reversed() : field.order();
        Comparator<String> bounds = range.descending() ? field.boundOrder().reversed() : field.boundOrder();
        List<T> selected = items.stream()
                .filter(t -> range.start() == null || afterStart(bounds.compare(field.key().apply(t), range.start()), range))
                .filter(t -> range.end() == null || bounds.compare(field.key().apply(t), range.end()) <= 0)
                .sorted(order)
                .toList();
        boolean more = selected.size() > range.max();
        List<T> page = more ? selected.subList(0, range.max()) : selected;
        String contentRange = page.isEmpty() ? null
                : range.field() + " " + field.key().apply(page.getFirst()) + ".." + field.key().apply(page.getLast());
        String next = more ? range.nextAfter(field.key().apply(page.getLast())) : null;
        return new Page<>(page, contentRange, next, String.join(", ", names));
    }

    /** The page as a JAX-RS response: 200, or 206 with {@code Next-Range} when more remain. */
    public <V> Response respond(String rangeHeader, List<T> items, Function<T, V> view) {
        return respond(range(rangeHeader), items, view);
    }

    /** {@link #respond(String, List, Function)} for a range already read by {@link #range}. */
    public <V> Response respond(RangeHeader range, List<T> items, Function<T, V> view) {
        Page<T> page = page(range, items);
        Response.ResponseBuilder response = Response.status(page.nextRange() == null ? 200 : 206)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(page.items().stream().map(view).toList())
                .header("Accept-Ranges", page.acceptRanges());
        if (page.contentRange() != null) {
            response.header("Content-Range", page.contentRange());
        }
        if (page.nextRange() != null) {
            response.header("Next-Range", page.nextRange());
        }
        return response.build();
    }

    /** One page: its items and the headers that describe it. */
    public record Page<T>(List<T> items, String contentRange, String nextRange, String acceptRanges) {}

    private Field<T> field(RangeHeader range) {
        int index = names.indexOf(range.field());
        if (index < 0) {
            throw new IllegalArgumentException(range.field() + " is not a field of this list: " + names);
        }
        return fields.get(index);
    }

    private static boolean afterStart(int comparison, RangeHeader range) {
        return range.startExclusive() ? comparison > 0 : comparison >= 0;
    }
}
