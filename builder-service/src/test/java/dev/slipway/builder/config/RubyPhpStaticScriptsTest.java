package dev.slipway.builder.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ruby, php and static built-in buildpacks' scripts as {@link BuiltinBuildpacks} writes them,
 * run on temp dirs with a clean environment as a build step has it: detect, release, the runtime
 * picked from the host's inventory (Debian's ruby3.1 and php8.2; an operator folder in a temp dir),
 * bundler, composer and nginx for real, and the servers they start answering real HTTP. Faked:
 * nothing; there is no sandbox around the scripts here (the e2e test RubyPhpStaticAppsIT has it).
 */
class RubyPhpStaticScriptsTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    @TempDir
    Path tmp;
    private final List<Process> servers = new ArrayList<>();

    @AfterEach
    void stopServers() {
        for (Process server : servers) {
            server.descendants().forEach(ProcessHandle::destroy);
            server.destroy();
        }
    }

    // ---- ruby

    @Test
    void rubyDetectsAGemfileOnly() throws Exception {
        assertEquals("Ruby", run("ruby", "bin/detect", app(Map.of("Gemfile", ""))).stdout().strip());
        assertEquals(1, run("ruby", "bin/detect", app(Map.of("package.json", "{}"))).exitCode());
        Path linked = app(Map.of());
        Files.createSymbolicLink(linked.resolve("Gemfile"), Path.of("/etc/hostname"));
        assertEquals(1, run("ruby", "bin/detect", linked).exitCode(), "a symlinked Gemfile is not the app's");
    }

    @Test
    void rubyReleasesRailsOrRackupByTheLockfileAndNoWebForAPlainApp() throws Exception {
        Path rails = app(Map.of("Gemfile", "", "Gemfile.lock", lock("    rails (7.1.0)\n    rack (3.0.0)\n", "3.1.2p20")));
        assertTrue(run("ruby", "bin/release", rails).stdout().contains("web: bin/rails server -p ${PORT:-5000} -e $RAILS_ENV"));
        Path rack = app(Map.of("Gemfile", "", "config.ru", "run App", "Gemfile.lock", lock("    rack (2.2.6)\n", "3.1.2p20")));
        assertTrue(run("ruby", "bin/release", rack).stdout().contains("web: bundle exec rackup config.ru -p ${PORT:-5000}"));
        String plain = run("ruby", "bin/release", app(Map.of("Gemfile", "", "Gemfile.lock", lock("    webrick (1.8.1)\n", "")))).stdout();
        assertFalse(plain.contains("web:"), plain);
        assertTrue(plain.contains("console: bundle exec irb"), plain);
    }

    @Test
    void rubyTakesTheVersionFromTheLockfileThenTheGemfileAndListsWhatThereIsWhenNothingMatches() throws Exception {
        String host = hostRubyVersion();
        Path runtimes = Files.createDirectories(tmp.resolve("runtimes/ruby/3.9.1/bin"));
        Files.writeString(runtimes.resolve("ruby"), "#!/bin/sh\nexit 1\n");
        runtimes.resolve("ruby").toFile().setExecutable(true);
        Map<String, String> operator = Map.of("SLIPWAY_RUNTIMES", tmp.resolve("runtimes").toString());

        Result fromLock = compile("ruby", app(Map.of("Gemfile", "ruby \"3.0\"\n", "Gemfile.lock", lock("", "2.7.8p225"))), operator);
        assertEquals(1, fromLock.exitCode(), fromLock.stdout());
        assertTrue(fromLock.stdout().contains(" !     Ruby 2.7.8 is not available on this platform."), fromLock.stdout());
        assertTrue(fromLock.stdout().contains(" !     Available: " + host + ", 3.9.1"), fromLock.stdout());

        Result fromGemfile = compile("ruby", app(Map.of("Gemfile", "source \"https://rubygems.org\"\nruby '~> 2.6'\n")), operator);
        assertTrue(fromGemfile.stdout().contains("Ruby ~>2.6 is not available"), fromGemfile.stdout());

        Result notAVersion = compile("ruby", app(Map.of("Gemfile", "ruby \"$(reboot)\"\n")), Map.of());
        assertEquals(1, notAVersion.exitCode());
        assertTrue(notAVersion.stdout().contains("is not a version"), notAVersion.stdout());
    }

    @Test
    void rubyInstallsCachedGemsIntoVendorBundleAndAWarmBuildInstallsNothing() throws Exception {
        Path app = rubyAppWithACachedGem();
        Path cache = Files.createDirectories(tmp.resolve("cache"));
        Path env = Files.createDirectories(tmp.resolve("env"));
        // config vars that would change how ruby and the buildpack's tools load are not applied
        Files.writeString(env.resolve("RUBYOPT"), "-r/nonexistent");
        Files.writeString(env.resolve("SLIPWAY_RUNTIMES"), tmp.resolve("nowhere").toString());
        Result cold = compile("ruby", app, cache, env, Map.of());
        assertEquals(0, cold.exitCode(), cold.stdout());
        String host = hostRubyVersion();
        assertTrue(cold.stdout().contains("Using Ruby " + host + " (the app asks for " + host + ")"), cold.stdout());
        assertTrue(cold.stdout().contains("Installing slipway_greeting 1.0.0"), cold.stdout());
        assertTrue(Files.isDirectory(app.resolve("vendor/bundle/ruby")), "the bundle is in the slug");
        String profile = Files.readString(app.resolve(".profile.d/ruby.sh"));
        assertTrue(profile.contains("RACK_ENV=\"${RACK_ENV:-production}\"") && profile.contains("GEM_PATH="), profile);

        Path again = rubyAppWithACachedGem();
        Result warm = compile("ruby", again, cache, env, Map.of());
        assertEquals(0, warm.exitCode(), warm.stdout());
        assertTrue(warm.stdout().contains("nothing installed"), warm.stdout());
        assertFalse(warm.stdout().contains("Installing slipway_greeting"), warm.stdout());

        Result served = shell(again, "for f in .profile.d/*.sh; do . \"$f\"; done; "
                + "bundle exec ruby -e 'require \"slipway_greeting\"; print SlipwayGreeting.hello(ENV[\"RACK_ENV\"])'");
        assertEquals("hello production", served.stdout(), served.stdout());
    }

    // ---- php

    @Test
    void phpDetectsComposerJsonOrIndexPhpAndReleasesHerokusLauncher() throws Exception {
        assertEquals("PHP", run("php", "bin/detect", app(Map.of("composer.json", "{}"))).stdout().strip());
        assertEquals("PHP", run("php", "bin/detect", app(Map.of("index.php", "<?php"))).stdout().strip());
        assertEquals(1, run("php", "bin/detect", app(Map.of("Gemfile", ""))).exitCode());
        assertTrue(run("php", "bin/release", app(Map.of("index.php", ""))).stdout().contains("web: heroku-php-apache2"));
    }

    @Test
    void phpPicksTheNewestVersionRequirePhpAllowsAndRefusesWhatNoneSatisfies() throws Exception {
        String host = hostPhpVersion();
        String major = host.substring(0, host.indexOf('.'));
        Result caret = compile("php", app(Map.of("index.php", "", "composer.json", "{\"require\":{\"php\":\"^" + major + ".0\"}}")), Map.of());
        assertTrue(caret.stdout().contains("Using PHP " + host + " (composer.json requires php ^" + major + ".0)"), caret.stdout());

        Result old = compile("php", app(Map.of("composer.json", "{\"require\":{\"php\":\"^5.6 || ~7.0\"}}")), Map.of());
        assertEquals(1, old.exitCode(), old.stdout());
        assertTrue(old.stdout().contains("PHP ^5.6 || ~7.0 is not available on this platform."), old.stdout());
        assertTrue(old.stdout().contains("Available: " + host), old.stdout());

        Result nonsense = compile("php", app(Map.of("composer.json", "{\"require\":{\"php\":\"banana\"}}")), Map.of());
        assertTrue(nonsense.stdout().contains("not a version constraint composer understands: banana"), nonsense.stdout());
        Result broken = compile("php", app(Map.of("composer.json", "{\"require\":")), Map.of());
        assertTrue(broken.stdout().contains("composer.json is not valid JSON"), broken.stdout());
    }

    @Test
    void phpInstallsAPathRepositoryPackageAndServesTheDocumentRootWithWorkers() throws Exception {
        Path app = app(Map.of(
                "composer.json", """
                        {"require": {"php": ">=8.0", "slipway/greeting": "*"},
                         "repositories": [{"type": "path", "url": "packages/greeting", "options": {"symlink": false}},
                                          {"packagist.org": false}]}
                        """,
                "packages/greeting/composer.json", """
                        {"name": "slipway/greeting", "version": "1.0.0", "autoload": {"files": ["greeting.php"]}}
                        """,
                "packages/greeting/greeting.php", "<?php function greeting() { return 'hello from a path package'; }\n",
                "web/index.php", "<?php require __DIR__ . '/../vendor/autoload.php'; echo greeting(), ' workers=', getenv('PHP_CLI_SERVER_WORKERS');\n"));
        Result build = compile("php", app, Map.of());
        assertEquals(0, build.exitCode(), build.stdout());
        assertTrue(build.stdout().contains("Installing slipway/greeting (1.0.0)"), build.stdout());
        assertTrue(Files.isRegularFile(app.resolve("vendor/slipway/greeting/greeting.php")), "copied into the slug");

        int port = freePort();
        serve(app, port, "heroku-php-nginx web/", Map.of("SLIPWAY_DYNO_MEMORY_MB", "256"));
        assertEquals("200 hello from a path package workers=2", get(port, "/"));
        assertTrue(get(port, "/.profile.d/php.sh").startsWith("404"));

        Result outside = shell(app, "for f in .profile.d/*.sh; do . \"$f\"; done; heroku-php-apache2 ../");
        assertEquals(2, outside.exitCode());
        assertTrue(outside.stdout().contains("outside the app"), outside.stdout());
    }

    // ---- static

    @Test
    void staticDetectsStaticJsonOrPublicIndexHtml() throws Exception {
        assertEquals("Static HTML", run("static", "bin/detect", app(Map.of("static.json", "{}"))).stdout().strip());
        assertEquals("Static HTML", run("static", "bin/detect", app(Map.of("public/index.html", ""))).stdout().strip());
        assertEquals(1, run("static", "bin/detect", app(Map.of("index.html", "", "package.json", "{}"))).exitCode());
    }

    @Test
    void staticServesTheRootWithCleanUrlsRoutesRedirectsHeadersAndAnErrorPage() throws Exception {
        Path app = app(Map.of(
                "static.json", """
                        {"root": "dist/", "clean_urls": true,
                         "routes": {"/app/**": "app.html"},
                         "redirects": {"/old": {"url": "/about", "status": 302}},
                         "headers": {"/assets/*": {"Cache-Control": "max-age=60"}, "/**": {"X-Frame-Options": "DENY"}},
                         "error_page": "missing.html", "https_only": true}
                        """,
                "dist/index.html", "home", "dist/about.html", "about", "dist/app.html", "spa",
                "dist/missing.html", "custom 404", "dist/assets/site.css", "body{}", "secret.txt", "not served"));
        Result build = compile("static", app, Map.of());
        assertEquals(0, build.exitCode(), build.stdout());
        assertTrue(build.stdout().contains("https_only is ignored"), build.stdout());
        assertTrue(run("static", "bin/release", app).stdout().contains("web: .slipway/static/boot"));

        int port = freePort();
        serve(app, port, ".slipway/static/boot", Map.of());
        assertEquals("200 home", get(port, "/"));
        assertEquals("200 about", get(port, "/about"));
        assertEquals("301 Location=/about", get(port, "/about.html"));
        assertEquals("200 spa", get(port, "/app/a/b"));
        assertEquals("302 Location=/about", get(port, "/old"));
        assertEquals("404 custom 404", get(port, "/nope"));
        assertEquals("404 custom 404", get(port, "/secret.txt"), "only the root is served");
        String escape = get(port, "/../secret.txt");
        assertTrue(escape.startsWith("400 ") && !escape.contains("not served"), escape);
        HttpResponse<String> css = HTTP.send(request(port, "/assets/site.css"), HttpResponse.BodyHandlers.ofString());
        assertEquals("max-age=60", css.headers().firstValue("Cache-Control").orElse(""));
        assertEquals("DENY", css.headers().firstValue("X-Frame-Options").orElse(""));
        assertTrue(css.headers().firstValue("Content-Type").orElse("").startsWith("text/css"), css.headers().toString());
    }

    @Test
    void staticRefusesRulesThatAreNotPlainValues() throws Exception {
        assertRefused("{\"headers\": {\"/**\": {\"X-A\": \"$host\"}}}", "must be printable ASCII without");
        assertRefused("{\"headers\": {\"/**\": {\"X-A;\": \"a\"}}}", "is not a header name");
        assertRefused("{\"routes\": {\"/a; include /etc/passwd\": \"index.html\"}}", "is not a path pattern");
        assertRefused("{\"routes\": {\"/**\": \"../etc/passwd\"}}", "is not a file under the root");
        assertRefused("{\"redirects\": {\"/a\": {\"url\": \"/b\", \"status\": 200}}}", "status must be 301");
        assertRefused("{\"redirects\": {\"/a\": {\"url\": \"/b\\\"; x\"}}}", "is not a URL");
        assertRefused("{\"root\": \"../\"}", "root must be a folder of the app");
        assertRefused("{\"clean_urls\": \"yes\"}", "clean_urls must be true or false");
        assertRefused("[1]", "must hold a JSON object");
        assertRefused("{", "static.json is not valid JSON");
    }

    private void assertRefused(String staticJson, String expected) throws Exception {
        Result build = compile("static", app(Map.of("static.json", staticJson, "public/index.html", "x")), Map.of());
        assertEquals(1, build.exitCode(), build.stdout());
        assertTrue(build.stdout().contains(expected), staticJson + " → " + build.stdout());
    }

    // ---- helpers

    private record Result(int exitCode, String stdout) {}

    private Path rubyAppWithACachedGem() throws Exception {
        Path source = tmp.resolve("gem-source");
        if (!Files.exists(source.resolve("slipway_greeting-1.0.0.gem"))) {
            Files.createDirectories(source.resolve("lib"));
            Files.writeString(source.resolve("lib/slipway_greeting.rb"),
                    "module SlipwayGreeting\n  def self.hello(name) = \"hello #{name}\"\nend\n");
            Files.writeString(source.resolve("slipway_greeting.gemspec"), """
                    Gem::Specification.new do |s|
                      s.name = "slipway_greeting"
                      s.version = "1.0.0"
                      s.summary = "a test gem"
                      s.authors = ["Slipway"]
                      s.files = ["lib/slipway_greeting.rb"]
                    end
                    """);
            Result built = shell(source, "gem build slipway_greeting.gemspec");
            assertEquals(0, built.exitCode(), built.stdout());
        }
        String host = hostRubyVersion();
        Path app = app(Map.of(
                "Gemfile", "source \"https://rubygems.org\"\nruby \"" + host + "\"\ngem \"slipway_greeting\"\n",
                "Gemfile.lock", lock("    slipway_greeting (1.0.0)\n", "").replace("DEPENDENCIES\n", "DEPENDENCIES\n  slipway_greeting\n")
                        + "\nRUBY VERSION\n   ruby " + host + "\n"));
        Files.createDirectories(app.resolve("vendor/cache"));
        Files.copy(source.resolve("slipway_greeting-1.0.0.gem"), app.resolve("vendor/cache/slipway_greeting-1.0.0.gem"));
        return app;
    }

    private static String lock(String specs, String ruby) {
        return "GEM\n  remote: https://rubygems.org/\n  specs:\n" + specs + "\nPLATFORMS\n  x86_64-linux\n\nDEPENDENCIES\n"
                + (ruby.isEmpty() ? "" : "\nRUBY VERSION\n   ruby " + ruby + "\n");
    }

    private String hostRubyVersion() throws Exception {
        return shell(tmp, "/usr/bin/ruby -e 'print RUBY_VERSION'").stdout();
    }

    private String hostPhpVersion() throws Exception {
        return shell(tmp, "/usr/bin/php -r 'echo PHP_VERSION;'").stdout();
    }

    private Path app(Map<String, String> files) throws IOException {
        Path app = Files.createTempDirectory(tmp, "app");
        for (Map.Entry<String, String> file : files.entrySet()) {
            Files.createDirectories(app.resolve(file.getKey()).getParent());
            Files.writeString(app.resolve(file.getKey()), file.getValue());
        }
        return app;
    }

    private Result compile(String buildpack, Path app, Map<String, String> env) throws Exception {
        return compile(buildpack, app, Files.createTempDirectory(tmp, "cache"), Files.createTempDirectory(tmp, "env"), env);
    }

    private Result compile(String buildpack, Path app, Path cache, Path envDir, Map<String, String> env) throws Exception {
        Path bin = new BuiltinBuildpacks().extract(buildpack, Files.createTempDirectory(tmp, "bp")).resolve("bin/compile");
        return exec(app, List.of(bin.toString(), app.toString(), cache.toString(), envDir.toString()), env);
    }

    private Result run(String buildpack, String script, Path app) throws Exception {
        Path bin = new BuiltinBuildpacks().extract(buildpack, Files.createTempDirectory(tmp, "bp")).resolve(script);
        return exec(app, List.of(bin.toString(), app.toString()), Map.of());
    }

    private Result shell(Path dir, String command) throws Exception {
        return exec(dir, List.of("/bin/bash", "-c", command), Map.of());
    }

    /** A step's clean environment (PATH, HOME, LANG, STACK) plus {@code env}; output merged. */
    private Result exec(Path dir, List<String> command, Map<String, String> env) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(stepEnv(dir, env));
        Process process = builder.start();
        byte[] out = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "finished: " + command);
        return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    private static Map<String, String> stepEnv(Path home, Map<String, String> env) {
        Map<String, String> all = new HashMap<>(Map.of("PATH", "/usr/local/bin:/usr/bin:/bin", "HOME", home.toString(),
                "LANG", "C.UTF-8", "STACK", "heroku-24"));
        all.putAll(env);
        return all;
    }

    /** Starts {@code command} as a dyno does: the profile scripts, then the command, on PORT. */
    private void serve(Path app, int port, String command, Map<String, String> env) throws Exception {
        Map<String, String> all = new HashMap<>(env);
        all.put("PORT", Integer.toString(port));
        ProcessBuilder builder = new ProcessBuilder("/bin/bash", "-c", "for f in .profile.d/*.sh; do [ -f \"$f\" ] && . \"$f\"; done; exec " + command)
                .directory(app.toFile()).redirectErrorStream(true).redirectOutput(tmp.resolve("server-" + port + ".log").toFile());
        builder.environment().clear();
        builder.environment().putAll(stepEnv(app, all));
        servers.add(builder.start());
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            try (java.net.Socket ignored = new java.net.Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("no server on " + port + ": " + Files.readString(tmp.resolve("server-" + port + ".log")));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static HttpRequest request(int port, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10)).build();
    }

    /** "status body", or "status Location=..." for a redirect. */
    private static String get(int port, String path) throws Exception {
        HttpResponse<String> response = HTTP.send(request(port, path), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 == 3) {
            return response.statusCode() + " Location=" + response.headers().firstValue("Location").orElse("");
        }
        return response.statusCode() + " " + response.body().strip();
    }
}
