package dev.slipway.devstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code ./slipway up|down|status}. {@code up} runs the platform in the foreground until Ctrl-C or
 * SIGTERM, with its pid in {@code $SLIPWAY_HOME/slipway.pid}; {@code down} signals that process
 * and waits for it to finish stopping everything; {@code status} says whether it runs and where.
 */
public final class Launcher {
    private Launcher() {}

    public static void main(String[] args) {
        // Kafka's admin client logs through SLF4J; the launcher's console is for the user.
        System.setProperty("slf4j.provider", "org.slf4j.helpers.NOP_FallbackServiceProvider");
        System.setProperty("slf4j.internal.verbosity", "WARN");
        String command = args.length > 0 ? args[0] : "up";
        int exitCode;
        try {
            PlatformSettings settings = PlatformSettings.fromEnvironment();
            exitCode = switch (command) {
                case "up" -> up(settings);
                case "down" -> down(settings);
                case "status" -> status(settings);
                default -> {
                    System.err.println("usage: slipway up|down|status");
                    yield 2;
                }
            };
        } catch (IOException | RuntimeException e) {
            System.err.println("slipway: " + e.getMessage());
            exitCode = 1;
        }
        System.exit(exitCode);
    }

    private static int up(PlatformSettings settings) throws IOException {
        Path pidFile = pidFile(settings);
        Optional<ProcessHandle> running = runningLauncher(pidFile);
        if (running.isPresent()) {
            System.err.println("Slipway is already running (pid " + running.get().pid() + ") with home "
                    + settings.home() + "; stop it with ./slipway down");
            return 1;
        }
        Files.createDirectories(settings.home());
        Files.writeString(pidFile, ProcessHandle.current().pid() + "\n");
        System.out.println("Starting Slipway in " + settings.home() + " ...");
        System.out.println(SandboxPreflight.message());
        long started = System.nanoTime();
        Platform platform = new Platform(settings);
        AtomicBoolean up = new AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (up.get()) {
                System.out.println("Stopping Slipway ...");
            }
            platform.stop(); // also what a failed or interrupted start did start
            deleteQuietly(pidFile);
            if (up.get()) {
                System.out.println("Slipway stopped.");
            }
        }, "slipway-launcher-stop"));
        try {
            platform.boot();
        } catch (IOException | RuntimeException e) {
            System.err.println("Slipway did not start: " + e.getMessage());
            return 1;
        }
        up.set(true);
        System.out.printf("Slipway is up after %d s:%n%s", Duration.ofNanos(System.nanoTime() - started).toSeconds(),
                PlatformState.describe(PlatformState.read(settings.home())));
        System.out.println("Stop it with Ctrl-C or ./slipway down.");
        try {
            Thread.currentThread().join(); // until a signal runs the shutdown hook
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private static int down(PlatformSettings settings) {
        Optional<ProcessHandle> running = runningLauncher(pidFile(settings));
        if (running.isEmpty()) {
            stopLeftovers(settings);
            System.out.println("Slipway is not running (home " + settings.home() + ").");
            return 0;
        }
        ProcessHandle launcher = running.get();
        System.out.println("Stopping Slipway (pid " + launcher.pid() + ") ...");
        launcher.destroy();
        try {
            launcher.onExit().get(3, TimeUnit.MINUTES);
        } catch (TimeoutException e) {
            System.err.println("The launcher did not stop within 3 minutes; killing it and what it started.");
            launcher.destroyForcibly();
            launcher.onExit().join();
            stopLeftovers(settings);
        } catch (Exception e) {
            Thread.currentThread().interrupt();
            return 1;
        }
        deleteQuietly(pidFile(settings));
        System.out.println("Slipway stopped.");
        return 0;
    }

    private static int status(PlatformSettings settings) throws IOException {
        Optional<ProcessHandle> running = runningLauncher(pidFile(settings));
        if (running.isEmpty()) {
            System.out.println("Slipway is not running (home " + settings.home() + ").");
            return 3;
        }
        System.out.println("Slipway is running (pid " + running.get().pid() + ", home " + settings.home() + ").");
        if (!Files.exists(PlatformState.file(settings.home()))) {
            System.out.println("It is still starting; its logs are in " + settings.home().resolve("logs"));
            return 0;
        }
        Properties state = PlatformState.read(settings.home());
        System.out.print(PlatformState.describe(state));
        Instant now = Instant.now();
        for (String part : List.of("postgres", "tenant-postgres", "kafka")) {
            System.out.printf("  %-18s%-10s%s%n", part, "", PlatformState.uptime(state, part, now));
        }
        for (ServiceModule service : ServiceModule.values()) {
            String url = state.getProperty("service." + service.module() + ".url");
            System.out.printf("  %-18s%-10s%s%n", service.module(), isReady(url) ? "ready" : "NOT READY",
                    PlatformState.uptime(state, service.module(), now));
        }
        return 0;
    }

    /** After a launcher was killed outright: its services and PostgreSQL may still run (Kafka exits by itself). */
    private static void stopLeftovers(PlatformSettings settings) {
        for (ServiceModule service : ServiceModule.values()) {
            ServiceProcess.stopLeftover(settings.home().resolve("run/" + service.module() + ".pid"),
                    service.jar(settings.repository()));
        }
        PostgresServer.stopOrphan(settings.home().resolve("postgres"), settings.home().resolve("logs/postgres.log"));
        PostgresServer.stopOrphan(settings.home().resolve("tenant-postgres"), settings.home().resolve("logs/tenant-postgres.log"));
        PlatformState.delete(settings.home());
    }

    private static Optional<ProcessHandle> runningLauncher(Path pidFile) {
        try {
            long pid = Long.parseLong(Files.readString(pidFile).strip());
            return Processes.isAlive(pid, Launcher.class.getName()) ? ProcessHandle.of(pid) : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static boolean isReady(String url) {
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build()) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/q/health/ready")).timeout(Duration.ofSeconds(2)).build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException | RuntimeException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Path pidFile(PlatformSettings settings) {
        return settings.home().resolve("slipway.pid");
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a stale pid file is checked against the process' command line before it is trusted
        }
    }
}
