package dev.slipway.release.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Plain unit test: nothing is faked, nothing else runs. */
class ConfigChangeTest {

    @Test
    void describesLikeHeroku() {
        assertEquals(Optional.of("Set A, B config vars"), ConfigChange.describe(Map.of("A", "1"), Map.of("A", "2", "B", "x")));
        assertEquals(Optional.of("Remove A config vars"), ConfigChange.describe(Map.of("A", "1", "B", "x"), Map.of("B", "x")));
        assertEquals(Optional.of("Update config vars"), ConfigChange.describe(Map.of("A", "1"), Map.of("B", "x")));
        assertEquals(Optional.empty(), ConfigChange.describe(Map.of("A", "1"), Map.of("A", "1")));
    }

    @Test
    void sizesAreCaseInsensitive() {
        assertEquals(Optional.of("performance-M"), DynoSize.normalise(" Performance-m "));
        assertEquals(Optional.empty(), DynoSize.normalise("hobby"));
        assertEquals(1, DynoSize.maxQuantity("eco"));
        assertEquals(100, DynoSize.maxQuantity("standard-2X"));
    }
}
