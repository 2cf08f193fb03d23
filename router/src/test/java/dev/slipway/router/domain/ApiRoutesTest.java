package dev.slipway.router.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The API host's path table, as a pure function: nothing real, nothing faked. */
class ApiRoutesTest {

    @ParameterizedTest
    @CsvSource({
            "/hello.git/info/refs, GIT_GATEWAY",
            "/hello.git/git-receive-pack, GIT_GATEWAY",
            "/hello.git, GIT_GATEWAY",
            "/apps/hello/builds, BUILDER_SERVICE",
            "/apps/hello/builds/01234/result, BUILDER_SERVICE",
            "/apps/hello/releases, RELEASE_SERVICE",
            "/apps/hello/releases/3, RELEASE_SERVICE",
            "/apps/hello/formation, RELEASE_SERVICE",
            "/apps/hello/formation/web, RELEASE_SERVICE",
            "/apps/hello/dynos, DYNO_MANAGER",
            "/apps/hello/dynos/web.1, DYNO_MANAGER",
            "/apps/hello/log-sessions, DYNO_MANAGER",
            "/apps/hello/metrics, DYNO_MANAGER",
            "/apps/hello/formations/web, DYNO_MANAGER",
            "/apps/hello/formations/web/actions/stop, DYNO_MANAGER",
            "/log-streams/0123abcd, DYNO_MANAGER",
            "/release-outputs/0123abcd, RELEASE_SERVICE",
            "/apps/hello/slugs/0123, BUILDER_SERVICE",
            "/apps/hello/releases/3/config-vars, RELEASE_SERVICE",
            "/oauth/authorizations, CONFIG_SERVICE",
            "/users/~/apps, CONFIG_SERVICE",
            "/buildpacks/heroku%2Fnodejs, BUILDER_SERVICE",
            "/buildpacks/heroku%2fnodejs, BUILDER_SERVICE",
            "/oauth/authorizations/0123, CONFIG_SERVICE",
            "/account, CONFIG_SERVICE",
            "/account/keys, CONFIG_SERVICE",
            "/accounts/someone@example.com, CONFIG_SERVICE",
            "/admin/accounts, CONFIG_SERVICE",
            "/apps, CONFIG_SERVICE",
            "/apps/, CONFIG_SERVICE",
            "/apps/hello, CONFIG_SERVICE",
            "/apps/hello/, CONFIG_SERVICE",
            "/apps/hello/config-vars, CONFIG_SERVICE",
            "/apps/hello/domains/www.example.com, CONFIG_SERVICE",
            "/apps/hello/collaborators, CONFIG_SERVICE",
            "/apps/hello/buildpack-installations, CONFIG_SERVICE",
            "/apps/hello/addons, ADDON_SERVICE",
            "/apps/hello/addons/postgresql-shaped-12345, ADDON_SERVICE",
            "/apps/hello/addon-attachments, ADDON_SERVICE",
            "/addons, ADDON_SERVICE",
            "/addons/postgresql-shaped-12345/addon-attachments, ADDON_SERVICE",
            "/addon-attachments, ADDON_SERVICE",
            "/addon-services/heroku-postgresql/plans, ADDON_SERVICE",
            "/actions/addons/resolve, ADDON_SERVICE",
            "/actions/addon-attachments/resolve, ADDON_SERVICE",
            "/client/v11/databases/0b5e2f8e-3c1a-4b55-9b1d-2f3b8f2a9c11, ADDON_SERVICE",
            "/client/v11/apps/hello/transfers/1/actions/public-url, ADDON_SERVICE",
            "/postgres/v0/databases/postgresql-shaped-12345/credentials/default, ADDON_SERVICE",
            "/actions/other/resolve, NOT_FOUND",
            "/apps/hello/builds-old, CONFIG_SERVICE",
    })
    void routesToTheOwningService(String path, ApiTarget expected) {
        assertEquals(expected, ApiRoutes.route(path), path);
    }

    @ParameterizedTest
    @CsvSource({
            "/internal/pushes/1/source",
            "/internal/slugs/1",
            "/internal",
            "/",
            "/admin",
            "/.git",
            "/favicon.ico",
            "/apps/../internal/slugs/1",
            "/apps/hello/../../internal/x",
            "/apps/%2e%2e/internal/x",
            "/apps/hello%2Freleases",
            "/buildpacks/%2e%2e%2Finternal",
            "/buildpacks/heroku%5Cnodejs",
            "/apps//internal",
            "/apps/./hello",
            "/apps/hello/..",
            "relative",
    })
    void refusesInternalUnknownAndNonCanonicalPaths(String path) {
        assertEquals(ApiTarget.NOT_FOUND, ApiRoutes.route(path), path);
    }

    @ParameterizedTest
    @CsvSource({"/apps/my.app/releases, RELEASE_SERVICE", "/apps/hello/releases/..x, RELEASE_SERVICE"})
    void dotsInsideNamesAreFine(String path, ApiTarget expected) {
        assertEquals(expected, ApiRoutes.route(path), path);
    }
}
