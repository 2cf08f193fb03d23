package dev.slipway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Ruby, PHP and static built-in buildpacks, end to end: fixture apps pushed with no buildpack
 * set, detected, built in the sandbox with the host's runtimes (Debian's ruby3.1, php8.2, nginx),
 * and answering over HTTP through the router. Real: the whole platform, git, bundler, composer,
 * nginx. Faked: nothing; the dependencies come from the apps themselves (vendor/cache gems, a
 * composer path repository) because RubyGems.org and Packagist are out of reach.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RubyPhpStaticAppsIT {
    @RegisterExtension
    static final TestPlatform platform = TestPlatform.shared();
    private static final String RB = platform.app("rb");
    private static final String RB_OLD = platform.app("rb-old");
    private static final String PHP = platform.app("php");
    private static final String SITE = platform.app("site");

    @TempDir
    static Path work;
    private Slipway slipway;
    private Api api;
    private FixtureApp ruby;

    @BeforeAll
    void onThePlatform() {
        slipway = platform.slipway();
        api = slipway.api();
    }

    @Test
    @Order(1)
    void a_ruby_app_installs_its_cached_gems_and_serves_with_webrick() throws Exception {
        ruby = FixtureApp.of("ruby-webrick", Files.createDirectories(work.resolve("ruby")));
        Shell.Result push = slipway.awaitPushAccepted(ruby, slipway.createApp(RB));
        String out = push.output();
        assertTrue(out.contains("Ruby app detected"), out);
        assertTrue(out.contains("Using Ruby 3.1.2 (the app asks for 3.1.2)"), out);
        assertTrue(out.contains("Using bundler "), out);
        assertTrue(out.contains("Installing slipway_greeting 1.0.0"), out);
        assertTrue(out.contains("Installing webrick 1.8.1"), out);
        assertFalse(out.contains("minitest"), "the development group is left out: " + out);
        String body = slipway.awaitApp(RB, "hello ruby from slipway_greeting on Ruby 3.1.2");
        assertTrue(body.contains("env=production"), body);
    }

    @Test
    @Order(2)
    void a_warm_ruby_push_whose_lockfile_did_not_change_installs_nothing() {
        Shell.Result push = ruby.touch().push(slipway.gitUrl(RB));
        String out = push.output();
        assertEquals(0, push.exitCode(), out);
        assertTrue(out.contains("using the bundle cached by the last build, nothing installed"), out);
        assertFalse(out.contains("Installing slipway_greeting"), out);
        assertTrue(out.contains("Released v2"), out);
        slipway.awaitApp(RB, "hello ruby from slipway_greeting");
    }

    @Test
    @Order(3)
    void a_ruby_version_the_platform_does_not_have_fails_the_build_with_the_list() throws Exception {
        FixtureApp old = FixtureApp.of("ruby-missing-version", Files.createDirectories(work.resolve("ruby-old")));
        Shell.Result push = slipway.awaitPushAnswered(old, slipway.createApp(RB_OLD));
        String out = push.output();
        assertNotEquals(0, push.exitCode(), out);
        assertTrue(out.contains("Ruby 2.7.8 is not available on this platform."), out);
        assertTrue(out.contains("Available: 3.1.2"), out);
        assertEquals(0, api.get("/apps/" + RB_OLD + "/releases").json().size(), "no release from a failed build");
    }

    @Test
    @Order(4)
    void a_php_app_installs_its_path_repository_package_and_serves_its_document_root() throws Exception {
        FixtureApp php = FixtureApp.of("php-composer-path", Files.createDirectories(work.resolve("php")));
        Shell.Result push = slipway.awaitPushAccepted(php, slipway.createApp(PHP));
        String out = push.output();
        assertTrue(out.contains("PHP app detected"), out);
        assertTrue(out.contains("Using PHP 8.2."), out);
        assertTrue(out.contains("composer.json requires php ^8.1"), out);
        assertTrue(out.contains("Installing slipway/greeting (1.0.0)"), out);
        slipway.awaitApp(PHP, "hello php from slipway/greeting on PHP 8.2.");
        Api.Response deep = Api.getApp(slipway.routerUrl(), PHP + ".localhost", "/some/deep/path");
        assertEquals(200, deep.status(), deep.toString());
        assertTrue(deep.body().contains("path=/some/deep/path"), "web/index.php is the front controller: " + deep);
        Api.Response outside = Api.getApp(slipway.routerUrl(), PHP + ".localhost", "/composer.json");
        assertEquals(404, outside.status(), "only web/ is served: " + outside);
    }

    @Test
    @Order(5)
    void a_static_site_is_served_by_nginx_with_its_static_json_rules() throws Exception {
        FixtureApp site = FixtureApp.of("static-site", Files.createDirectories(work.resolve("site")));
        Shell.Result push = slipway.awaitPushAccepted(site, slipway.createApp(SITE));
        String out = push.output();
        assertTrue(out.contains("Static HTML app detected"), out);
        assertTrue(out.contains("nginx 1."), out);
        slipway.awaitApp(SITE, "static home");
        assertPage("/about", 200, "static about, a clean URL");
        assertPage("/app/some/client/route", 200, "single-page app shell");
        assertPage("/no-such-page", 404, "static 404 page");
        assertPage("/static.json", 404, "static 404 page");
    }

    private void assertPage(String path, int status, String expected) {
        Api.Response response = Api.getApp(slipway.routerUrl(), SITE + ".localhost", path);
        assertEquals(status, response.status(), path + ": " + response);
        assertTrue(response.body().contains(expected), path + ": " + response);
    }
}
