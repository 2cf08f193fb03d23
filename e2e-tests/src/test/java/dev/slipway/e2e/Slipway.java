package dev.slipway.e2e;

import dev.slipway.devstack.Platform;
import dev.slipway.devstack.PlatformSettings;
import dev.slipway.devstack.Ports;
import dev.slipway.devstack.ServiceModule;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;

/** A running platform, started the way `./slipway up` starts it, plus the waits a user does by eye. */
final class Slipway {
    private static final Duration PATIENCE = Duration.ofMinutes(3);
    /** What git prints when the repository's info/refs answers 404 (git's http.c). */
    private static final Pattern UNKNOWN_REPOSITORY = Pattern.compile("fatal: repository '[^']*' not found");

    private final PlatformSettings settings;
    private Platform platform;

    private Slipway(PlatformSettings settings) throws IOException {
        this.settings = settings;
        this.platform = Platform.start(settings);
    }

    static Slipway start(Path home) throws IOException {
        return new Slipway(PlatformSettings.forTest(home, Ports.free()));
    }

    /** A platform whose services all get these system properties (e.g. a short time limit to test). */
    static Slipway start(Path home, java.util.Map<String, String> properties) throws IOException {
        PlatformSettings s = PlatformSettings.forTest(home, Ports.free());
        java.util.List<String> options = new java.util.ArrayList<>(s.serviceJvmOptions());
        properties.forEach((name, value) -> options.add("-D" + name + "=" + value));
        return new Slipway(new PlatformSettings(s.home(), s.repository(), s.httpPort(), s.domain(), s.postgresPort(),
                s.kafkaPort(), s.servicePorts(), options, s.readyTimeout()));
    }

    /** `./slipway down` then `./slipway up`: same home, same router port. */
    void restart() throws IOException {
        platform.stop();
        platform = Platform.start(settings);
    }

    /** The running platform's parts, for tests that break them on purpose. */
    Platform platform() {
        return platform;
    }

    Api api() {
        return new Api(routerUrl(), platform.apiKey());
    }

    String apiKey() {
        return platform.apiKey();
    }

    /** Where a service's output goes while the platform runs. */
    Path logFile(ServiceModule service) {
        return platform.logFile(service);
    }

    String routerUrl() {
        return platform.routerUrl();
    }

    /** Creates the app with the admin's key (failing the test unless it is created) and returns its git URL. */
    String createApp(String app) {
        Api.Response created = api().post("/apps", "{\"name\":\"" + app + "\"}");
        if (created.status() != 201) {
            throw new AssertionError("app " + app + " not created: " + created);
        }
        return gitUrl(app);
    }

    /** A new account, made with the admin's key (failing the test unless it is made); returns its API key. */
    String newAccountKey(String email) {
        Api.Response created = api().post("/admin/accounts", "{\"email\":\"" + email + "\"}");
        if (created.status() != 201) {
            throw new AssertionError("account " + email + " not created: " + created);
        }
        return created.json().path("api_key").asText();
    }

    String gitUrl(String app) {
        return routerUrl().replace("http://", "http://user:" + platform.apiKey() + "@") + "/" + app + ".git";
    }

    /** Pushes until accepted: right after creation the gateway may not have heard of the app yet. */
    Shell.Result awaitPushAccepted(PushableApp app, String gitUrl) {
        Shell.Result push = awaitPushAnswered(app, gitUrl);
        if (push.exitCode() != 0) {
            throw new AssertionError("push failed:\n" + push.output());
        }
        return push;
    }

    /**
     * Pushes until the git gateway knows the app (right after creation it may not have heard of it
     * yet) and returns that push, accepted or rejected. Only git's own answer to a 404 on the
     * repository is tried again: a bare "404" or "not found" may be anywhere in a push's output (the
     * router's port in git's "To http://localhost:40412/..." line, a commit id, a build's log), and
     * taking it for an unknown app pushed a rejected build again and again until the wait ran out.
     */
    Shell.Result awaitPushAnswered(PushableApp app, String gitUrl) {
        Shell.Result[] last = new Shell.Result[1];
        await("the git gateway to know the app and answer the push", () -> {
            last[0] = app.push(gitUrl);
            return !unknownRepository(last[0]);
        }, () -> "(the last push said:\n" + (last[0] == null ? "nothing" : last[0].output()) + ")");
        return last[0];
    }

    /** Whether git was told the repository does not exist (its message for an HTTP 404 on info/refs). */
    static boolean unknownRepository(Shell.Result push) {
        return push.exitCode() != 0 && UNKNOWN_REPOSITORY.matcher(push.output()).find();
    }

    /** Polls the app through the router until its body contains {@code expected}; returns the body. */
    String awaitApp(String app, String expected) {
        String[] body = new String[1];
        await(app + " answers with '" + expected + "'", () -> {
            Api.Response response = Api.getApp(routerUrl(), app + ".localhost");
            body[0] = response.toString();
            return response.status() == 200 && response.body().contains(expected);
        }, () -> "last answer: " + body[0]);
        return body[0];
    }

    void await(String what, BooleanSupplier condition) {
        await(what, condition, () -> "");
    }

    private void await(String what, BooleanSupplier condition, java.util.function.Supplier<String> detail) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("timed out waiting for " + what + " " + detail.get()
                + "\nservice logs: " + platform.logsDir());
    }

    void stop() {
        platform.stop();
    }
}
