package dev.slipway.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real, unmodified {@code heroku} CLI from the npm registry (the version pinned in
 * {@code heroku-cli/package.json}), pointed at Slipway with {@code HEROKU_HOST} as a user points it.
 * Each instance is one user: their key, their own HOME and global git config.
 */
final class HerokuCli {
    static final String VERSION = "11.10.0";
    /** The credential helper the README gives: the key from {@code HEROKU_API_KEY} as git's password. */
    static final String GIT_CREDENTIALS_FROM_ENV =
            "!f() { test \"$1\" = get && echo username=heroku && echo \"password=$HEROKU_API_KEY\"; }; f";
    private static final Pattern JSON_START = Pattern.compile("^[\\[{]", Pattern.MULTILINE);
    private static final Path PACKAGE = Path.of("heroku-cli").toAbsolutePath();
    private static final Path BIN = PACKAGE.resolve("node_modules/.bin");

    private final String host;
    private final String key;
    private final Path home;

    private HerokuCli(String host, String key, Path home) {
        this.host = host;
        this.key = key;
        this.home = home;
    }

    /**
     * A user of the platform at {@code routerUrl} (its host must be {@code localhost}: the CLI sends
     * its key nowhere else), with git set up as the README says: pushes to the CLI's https remote
     * go to the router's http port, with the key as the password.
     */
    static HerokuCli user(String routerUrl, String key, Path home) throws IOException {
        install();
        Files.createDirectories(home);
        HerokuCli cli = new HerokuCli(routerUrl, key, home);
        String hostPort = routerUrl.replaceFirst("^http://", "");
        Shell.ok(home, cli.env(), "git", "config", "--global",
                "url.http://" + hostPort + "/.pushInsteadOf", "https://" + hostPort + "/");
        Shell.ok(home, cli.env(), "git", "config", "--global", "credential.http://" + hostPort + ".helper",
                GIT_CREDENTIALS_FROM_ENV);
        Shell.ok(home, cli.env(), "git", "config", "--global", "user.email", "cli@slipway.local");
        Shell.ok(home, cli.env(), "git", "config", "--global", "user.name", "cli");
        return cli;
    }

    /** {@code npm ci} of the pinned CLI, unless that version is installed already (npm's cache keeps later runs fast). */
    static synchronized void install() throws IOException {
        Path installed = PACKAGE.resolve("node_modules/heroku/package.json");
        if (Files.exists(installed) && Api.JSON.readTree(installed.toFile()).path("version").asText().equals(VERSION)) {
            return;
        }
        // --prefer-offline: what npm's cache holds is not re-checked with the registry (3 min -> 1.3 min on CI's machine)
        Shell.Result npm = Shell.run(PACKAGE, "npm", "ci", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error");
        if (npm.exitCode() != 0) {
            throw new IllegalStateException("npm ci of the heroku CLI failed:\n" + npm.output());
        }
    }

    /** Runs {@code heroku ARGS} in {@code dir}; its stdout and stderr together. */
    Shell.Result run(Path dir, String... args) {
        return Shell.run(dir, env(), command(args).toArray(String[]::new));
    }

    Shell.Result run(String... args) {
        return run(home, args);
    }

    /** Runs {@code heroku ARGS} and fails the test unless it exits 0. */
    String ok(Path dir, String... args) {
        Shell.Result result = run(dir, args);
        if (result.exitCode() != 0) {
            throw new AssertionError("heroku " + String.join(" ", args) + " exited " + result.exitCode() + ":\n"
                    + result.output());
        }
        return result.output();
    }

    String ok(String... args) {
        return ok(home, args);
    }

    /** {@code heroku ARGS --json}, parsed; progress lines before it ("Creating ... done") are skipped. */
    JsonNode json(String... args) {
        String[] withJson = Arrays.copyOf(args, args.length + 1);
        withJson[args.length] = "--json";
        String output = ok(withJson);
        Matcher start = JSON_START.matcher(output);
        try {
            return Api.JSON.readTree(start.find() ? output.substring(start.start()) : output);
        } catch (IOException e) {
            throw new AssertionError("heroku " + String.join(" ", args) + " --json printed no JSON:\n" + output, e);
        }
    }

    /** {@code git push heroku main} in {@code dir} as this user (the key from the CLI's credential helper). */
    Shell.Result push(Path dir) {
        return Shell.run(dir, env(), "git", "push", "heroku", "main");
    }

    /** Starts {@code heroku ARGS} in the background, its output going to {@code output}. */
    Process start(Path output, String... args) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command(args)).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().putAll(env());
        return builder.start();
    }

    Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("HEROKU_HOST", host);
        env.put("HEROKU_API_KEY", key);
        env.put("HEROKU_BUILDPACK_REGISTRY_URL", host);
        // the pg:* commands' data API: same scheme and port as HEROKU_HOST, this host name (see the README)
        env.put("HEROKU_DATA_HOST", java.net.URI.create(host).getHost());
        // pg:psql asks psql for TLS unless told otherwise; the tenant cluster has none (see the README)
        env.put("PGSSLMODE", "prefer");
        env.put("HOME", home.toString());
        env.put("GIT_CONFIG_GLOBAL", home.resolve(".gitconfig").toString());
        env.put("GIT_TERMINAL_PROMPT", "0");
        // the CLI configures itself as git's credential helper by name, so it must be on PATH
        env.put("PATH", BIN + ":" + System.getenv("PATH"));
        env.put("DISABLE_TELEMETRY", "true");
        env.put("NO_COLOR", "1");
        env.put("HEROKU_LOGS_COLOR", "0");
        return env;
    }

    private static List<String> command(String... args) {
        List<String> command = new ArrayList<>();
        command.add(BIN.resolve("heroku").toString());
        command.addAll(List.of(args));
        return command;
    }
}
