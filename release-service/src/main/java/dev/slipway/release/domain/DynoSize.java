package dev.slipway.release.domain;

import java.util.List;
import java.util.Optional;

/**
 * The dyno sizes a formation may ask for, in Heroku's spelling. Eco and basic allow one dyno per
 * process type, as on Heroku.
 */
public final class DynoSize {
    public static final String DEFAULT = "standard-1X";
    public static final List<String> ALL = List.of("eco", "basic", "standard-1X", "standard-2X", "performance-M",
            "performance-L");
    public static final int MAX_QUANTITY = 100;

    private DynoSize() {}

    /** The canonical spelling of a size given in any case, or empty when there is no such size. */
    public static Optional<String> normalise(String size) {
        if (size == null) {
            return Optional.empty();
        }
        return ALL.stream().filter(s -> s.equalsIgnoreCase(size.trim())).findFirst();
    }

    /** The most dynos of this size one process type may have. */
    public static int maxQuantity(String size) {
        return size.equals("eco") || size.equals("basic") ? 1 : MAX_QUANTITY;
    }
}
