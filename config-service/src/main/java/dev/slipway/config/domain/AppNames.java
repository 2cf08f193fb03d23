package dev.slipway.config.domain;

import dev.slipway.kit.HerokuError;
import java.security.SecureRandom;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Heroku's app name rule, and Heroku-style generated names such as {@code sharp-rain-4821}. */
public final class AppNames {
    private static final Pattern VALID = Pattern.compile("^[a-z](?:[a-z0-9-]{0,28}[a-z0-9])?$");
    /**
     * Names whose app host {@code <name>.<domain>} the router keeps for the platform: {@code api.<domain>}
     * is the API host and {@code dashboard.<domain>} the dashboard's, so an app of that name would
     * never be reached.
     */
    private static final Set<String> RESERVED = Set.of("api", "dashboard");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final List<String> ADJECTIVES = List.of(
            "sharp", "calm", "bold", "brave", "quiet", "shiny", "swift", "gentle", "lively", "misty",
            "polar", "rapid", "salty", "sunny", "tranquil", "vast", "warm", "young", "ancient", "cosmic",
            "crimson", "dry", "floating", "fresh", "glacial", "golden", "hidden", "limitless", "mighty", "morning");
    private static final List<String> NOUNS = List.of(
            "rain", "river", "meadow", "harbor", "forest", "island", "ocean", "peak", "reef", "shore",
            "stream", "valley", "wave", "brook", "cliff", "dawn", "dune", "falls", "garden", "glade",
            "lake", "mountain", "plains", "ridge", "sands", "springs", "thicket", "tundra", "waters", "woods");

    private AppNames() {}

    public static String requireValid(String name) {
        if (name == null || !VALID.matcher(name).matches()) {
            throw HerokuError.invalidParams("Name must start with a letter, end with a letter or digit and can only"
                    + " contain lowercase letters, digits, and dashes.");
        }
        if (RESERVED.contains(name)) {
            throw HerokuError.invalidParams("Name " + name + " is reserved for the platform.");
        }
        return name;
    }

    public static String random() {
        return ADJECTIVES.get(RANDOM.nextInt(ADJECTIVES.size())) + "-" + NOUNS.get(RANDOM.nextInt(NOUNS.size()))
                + "-" + (1000 + RANDOM.nextInt(9000));
    }

    public static HerokuError taken(String name) {
        return HerokuError.invalidParams("Name " + name + " is already taken");
    }
}
