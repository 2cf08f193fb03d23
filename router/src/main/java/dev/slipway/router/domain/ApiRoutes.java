package dev.slipway.router.domain;

/**
 * The API host's path table. A pure function of the path so it is cheap on the hot path (no
 * regex, a couple of short substrings) and testable without a server.
 */
public final class ApiRoutes {

    private ApiRoutes() {}

    /** @param path the request path without the query string */
    public static ApiTarget route(String path) {
        if (path == null || path.isEmpty() || path.charAt(0) != '/') {
            return ApiTarget.NOT_FOUND;
        }
        String first = segment(path, 1);
        // the buildpack registry's names are "namespace/name", sent as one segment with '/' encoded
        if (!isCanonical(path, first.equals("buildpacks"))) {
            return ApiTarget.NOT_FOUND;
        }
        int afterFirst = 1 + first.length();
        return switch (first) {
            case "internal" -> ApiTarget.NOT_FOUND;
            case "account", "accounts", "oauth", "users" -> ApiTarget.CONFIG_SERVICE;
            case "log-streams" -> ApiTarget.DYNO_MANAGER;
            case "release-outputs" -> ApiTarget.RELEASE_SERVICE;
            case "buildpacks" -> ApiTarget.BUILDER_SERVICE;
            case "addons", "addon-attachments", "addon-services" -> ApiTarget.ADDON_SERVICE;
            // Heroku Postgres' data API (HEROKU_DATA_HOST): pg:info, pg:backups, pg:credentials
            case "client", "postgres" -> ApiTarget.ADDON_SERVICE;
            // Heroku's resolvers; add-ons are the only kind Slipway has
            case "actions" -> path.startsWith("/actions/addons/") || path.startsWith("/actions/addon-attachments/")
                    ? ApiTarget.ADDON_SERVICE : ApiTarget.NOT_FOUND;
            case "admin" -> afterFirst < path.length() ? ApiTarget.CONFIG_SERVICE : ApiTarget.NOT_FOUND;
            case "apps" -> apps(path, afterFirst);
            default -> first.length() > 4 && first.endsWith(".git") ? ApiTarget.GIT_GATEWAY : ApiTarget.NOT_FOUND;
        };
    }

    private static ApiTarget apps(String path, int afterApps) {
        // "/apps", "/apps/" and "/apps/{app}" are config-service's
        if (afterApps + 1 >= path.length()) {
            return ApiTarget.CONFIG_SERVICE;
        }
        String app = segment(path, afterApps + 1);
        int afterApp = afterApps + 1 + app.length();
        if (afterApp + 1 >= path.length()) {
            return ApiTarget.CONFIG_SERVICE;
        }
        return switch (segment(path, afterApp + 1)) {
            case "builds", "slugs" -> ApiTarget.BUILDER_SERVICE;
            case "releases", "formation" -> ApiTarget.RELEASE_SERVICE;
            case "dynos", "formations", "log-sessions", "metrics" -> ApiTarget.DYNO_MANAGER;
            case "addons", "addon-attachments" -> ApiTarget.ADDON_SERVICE;
            default -> ApiTarget.CONFIG_SERVICE;
        };
    }

    /** The path segment starting at {@code from}, up to the next '/' or the end. */
    private static String segment(String path, int from) {
        int end = path.indexOf('/', from);
        return path.substring(from, end < 0 ? path.length() : end);
    }

    /**
     * Refuses dot segments and encoded dots or slashes: a service that normalises
     * "/apps/../internal/x" would otherwise be reached on a path the router never exposes.
     */
    static boolean isCanonical(String path, boolean encodedSlashAllowed) {
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '%' && i + 2 < path.length()) {
                char a = path.charAt(i + 1);
                char b = Character.toLowerCase(path.charAt(i + 2));
                if (a == '2' && (b == 'e' || b == 'f' && !encodedSlashAllowed) || a == '5' && b == 'c') {
                    return false;
                }
            } else if (c == '\\') {
                return false;
            } else if (c == '/' && i + 1 < path.length()) {
                char n = path.charAt(i + 1);
                if (n == '/') {
                    return false;
                }
                if (n == '.' && (i + 2 == path.length() || path.charAt(i + 2) == '/'
                        || path.charAt(i + 2) == '.' && (i + 3 == path.length() || path.charAt(i + 3) == '/'))) {
                    return false;
                }
            }
        }
        return true;
    }
}
