package dev.slipway.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

// Real: everything; the list is cut in memory.
class RangedListTest {
    record Item(String name, long version) {}

    private static final RangedList<Item> LIST = RangedList.of(RangedList.text("name", Item::name),
            RangedList.number("version", Item::version));
    private static final List<Item> ITEMS = IntStream.rangeClosed(1, 25)
            .mapToObj(i -> new Item("item-%02d".formatted(i), i)).toList();

    @Test
    void everything_fits_by_default() {
        RangedList.Page<Item> page = LIST.page((String) null, ITEMS);
        assertEquals(ITEMS, page.items());
        assertNull(page.nextRange());
        assertEquals("name item-01..item-25", page.contentRange());
        assertEquals("name, version", page.acceptRanges());
    }

    @Test
    void following_next_range_visits_every_item_once() {
        List<Item> seen = new ArrayList<>();
        String range = "version ..; max=10";
        int requests = 0;
        while (range != null) {
            RangedList.Page<Item> page = LIST.page(range, ITEMS);
            seen.addAll(page.items());
            range = page.nextRange();
            requests++;
        }
        assertEquals(ITEMS, seen);
        assertEquals(3, requests);
    }

    @Test
    void descending_pages_walk_down() {
        RangedList.Page<Item> first = LIST.page("version ..; order=desc,max=1", ITEMS);
        assertEquals(List.of(ITEMS.getLast()), first.items());
        assertEquals("version ]25..; max=1, order=desc", first.nextRange());
        assertEquals(List.of(ITEMS.get(23)), LIST.page(first.nextRange(), ITEMS).items());
        // numbers order as numbers: 9 before 10
        assertEquals(10, LIST.page("version ]9..10", ITEMS).items().getFirst().version());
    }

    @Test
    void bounds_are_inclusive_unless_marked() {
        assertEquals(List.of("item-03", "item-04", "item-05"),
                LIST.page("name item-03..item-05", ITEMS).items().stream().map(Item::name).toList());
        assertEquals(List.of("item-04", "item-05"),
                LIST.page("name ]item-03..item-05", ITEMS).items().stream().map(Item::name).toList());
    }

    @Test
    void a_number_field_refuses_text_bounds_even_on_an_empty_list() {
        HerokuError e = assertThrows(HerokuError.class, () -> LIST.page("version abc..", List.of()));
        assertEquals(400, e.status());
        assertEquals(400, assertThrows(HerokuError.class, () -> LIST.range("version 1..abc")).status());
        assertEquals(416, assertThrows(HerokuError.class, () -> LIST.range("colour ..")).status());
    }

    @Test
    void a_store_that_cuts_the_list_itself_gets_the_same_pages() {
        // what a SQL store returns for the span with ORDER BY version DESC LIMIT max + 1, handed over ascending
        String header = "version ]20..; max=3, order=desc";
        RangeHeader range = LIST.range(header);
        RangeHeader.Span span = range.numericSpan();
        List<Item> fetched = ITEMS.stream()
                .filter(i -> span.lowest() == null || i.version() >= span.lowest())
                .filter(i -> span.highest() == null || i.version() <= span.highest())
                .sorted(Comparator.comparingLong(Item::version).reversed()).limit(range.max() + 1)
                .sorted(Comparator.comparingLong(Item::version)).toList();
        assertEquals(LIST.page(header, ITEMS), LIST.page(range, fetched));
        assertEquals("version ]17..; max=3, order=desc", LIST.page(range, fetched).nextRange());
    }
}
