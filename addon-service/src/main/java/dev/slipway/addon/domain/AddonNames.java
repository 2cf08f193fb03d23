package dev.slipway.addon.domain;

import dev.slipway.kit.HerokuError;
import java.security.SecureRandom;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Heroku's names: an add-on is {@code postgresql-<adjective>-<5 digits>} unless the user names it;
 * an app's first Postgres attachment is {@code DATABASE} (DATABASE_URL), later ones
 * {@code HEROKU_POSTGRESQL_<COLOR>} (HEROKU_POSTGRESQL_<COLOR>_URL), or what {@code --as} says.
 */
public final class AddonNames {
    public static final String PRIMARY = "DATABASE";
    private static final Pattern ADDON_NAME = Pattern.compile("[a-z][a-z0-9-]{0,61}[a-z0-9]");
    private static final Pattern ATTACHMENT_NAME = Pattern.compile("[A-Z][A-Z0-9_]{0,62}");
    private static final List<String> ADJECTIVES = List.of("shaped", "curly", "rigid", "vertical", "cubed", "fluffy",
            "slippery", "sinuous", "angular", "opaque", "spherical", "tapered", "clear", "solid", "round", "flat");
    private static final List<String> COLORS = List.of("AMBER", "AQUA", "BLACK", "BLUE", "BRONZE", "BROWN", "CHARCOAL",
            "COBALT", "COPPER", "CRIMSON", "CYAN", "GOLD", "GRAY", "GREEN", "IVORY", "JADE", "LIME", "MAGENTA", "MAROON",
            "MAUVE", "NAVY", "OLIVE", "ONYX", "ORANGE", "PINK", "PUCE", "PURPLE", "RED", "ROSE", "SILVER", "TEAL",
            "VIOLET", "WHITE", "YELLOW");
    private static final SecureRandom RANDOM = new SecureRandom();

    private AddonNames() {}

    /** A fresh add-on name, e.g. {@code postgresql-shaped-12345}; the database's unique constraint settles collisions. */
    public static String generate(String service) {
        String prefix = service.startsWith("heroku-") ? service.substring("heroku-".length()) : service;
        return prefix + "-" + ADJECTIVES.get(RANDOM.nextInt(ADJECTIVES.size())) + "-" + (10000 + RANDOM.nextInt(90000));
    }

    public static String requireAddonName(String name) {
        if (!ADDON_NAME.matcher(name).matches()) {
            throw HerokuError.invalidParams("Name must start with a letter, end with a letter or digit, and contain only"
                    + " lowercase letters, digits and dashes (2 to 63 characters): " + name);
        }
        return name;
    }

    /** The attachment name asked for with {@code --as}, upper-cased as Heroku does. */
    public static String requireAttachmentName(String name) {
        String upper = name.strip().toUpperCase(java.util.Locale.ROOT);
        if (!ATTACHMENT_NAME.matcher(upper).matches()) {
            throw HerokuError.invalidParams("Attachment name must start with a letter and contain only letters, digits"
                    + " and underscores: " + name);
        }
        return upper;
    }

    /** DATABASE while the app has none, else the first HEROKU_POSTGRESQL_<COLOR> it does not have. */
    public static String nextAttachmentName(Collection<String> taken) {
        if (!taken.contains(PRIMARY)) {
            return PRIMARY;
        }
        for (String color : COLORS) {
            String name = "HEROKU_POSTGRESQL_" + color;
            if (!taken.contains(name)) {
                return name;
            }
        }
        throw HerokuError.invalidParams("This app has a database attached under every color; destroy one first.");
    }

    public static String configVar(String attachmentName) {
        return attachmentName + "_URL";
    }
}
