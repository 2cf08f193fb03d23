package dev.slipway.e2e;

import dev.slipway.devstack.Platform;
import dev.slipway.devstack.PlatformSettings;
import dev.slipway.devstack.Ports;
import dev.slipway.devstack.ServiceModule;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** A running platform, started the way `./slipway up` starts it, plus the waits a user does by eye. */
final class Slipway {
    private static final Duration PATIENCE = Duration.ofMinutes(3);

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
        Shell.Result[] last = new Shell.Result[1];
        await("git push accepted", () -> {
            last[0] = app.push(gitUrl);
            boolean unknownApp = last[0].output().contains("404") || last[0].output().contains("not found");
            if (last[0].exitCode() != 0 && !unknownApp) {
                throw new AssertionError("push failed:\n" + last[0].output());
            }
            return last[0].exitCode() == 0;
        });
        return last[0];
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
