package dev.slipway.config.domain;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.kit.HerokuError;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Plain unit test of the name rule and the generator; nothing real, nothing faked. */
class AppNamesTest {

    @Test
    void acceptsHerokuNames() {
        for (String ok : List.of("a", "ab", "a1", "my-app", "a".repeat(30), "x-1-y")) {
            assertDoesNotThrow(() -> AppNames.requireValid(ok), ok);
        }
    }

    @Test
    void refusesOthers() {
        for (String bad : List.of("", "-a", "a-", "1a", "A", "a_b", "a.b", "a".repeat(31), "é")) {
            HerokuError e = assertThrows(HerokuError.class, () -> AppNames.requireValid(bad), bad);
            assertEquals(422, e.status());
        }
    }

    @Test
    void refusesTheNamesOfThePlatformsOwnHosts() {
        for (String reserved : List.of("api", "dashboard")) {
            HerokuError e = assertThrows(HerokuError.class, () -> AppNames.requireValid(reserved), reserved);
            assertEquals(422, e.status());
            assertTrue(e.getMessage().contains("reserved"), e.getMessage());
        }
        assertDoesNotThrow(() -> AppNames.requireValid("my-dashboard"));
    }

    @Test
    void generatedNamesAreValid() {
        for (int i = 0; i < 500; i++) {
            String name = AppNames.random();
            assertTrue(name.matches("[a-z]+-[a-z]+-\\d{4}"), name);
            AppNames.requireValid(name);
        }
    }
}
