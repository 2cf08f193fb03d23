package dev.slipway.dyno;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * What the tests that run real dynos share: the rest of the platform ({@link Platform}: events on
 * the real broker) and builder-service's slug download ({@link SlugServer}), opened before a test
 * class's first test and closed after its last. A base class rather than a JUnit extension:
 * {@code @QuarkusTest} runs {@code @BeforeAll} methods, inherited ones too, inside the started
 * application, where {@link Platform} reads the broker's address from the config; a JUnit
 * extension's callbacks run outside it and have had class-loader trouble under {@code @QuarkusTest}
 * (quarkusio/quarkus#10623, #12511).
 */
abstract class PlatformFixture {
    static Platform platform;
    static SlugServer slugs;

    @BeforeAll
    static void openPlatform() throws Exception {
        platform = new Platform();
        slugs = new SlugServer();
    }

    @AfterAll
    static void closePlatform() {
        platform.close();
        slugs.close();
    }
}
