package dev.slipway.devstack;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One service's JVM: {@code java <options> -jar quarkus-run.jar}, its log file, its pid file, its
 * readiness. The {@link Supervisor} restarts it with the same options and environment when it exits.
 */
final class ServiceProcess implements SupervisedPart {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final ServiceModule service;
    private final List<String> launchArguments;
    private final int port;
    private final Path logFile;
    private final Path pidFile;
    private List<String> jvmOptions;
    private Map<String, String> environment;
    private Path workingDirectory;
    private volatile Process process;
    private boolean stopping;

    ServiceProcess(ServiceModule service, Path jar, int port, Path logFile, Path pidFile) {
        this(service, List.of("-jar", jar.toString()), port, logFile, pidFile);
    }

    /** @param launchArguments what follows the JVM options: {@code -jar <jar>}, or a main class in a test */
    ServiceProcess(ServiceModule service, List<String> launchArguments, int port, Path logFile, Path pidFile) {
        this.service = service;
        this.launchArguments = List.copyOf(launchArguments);
        this.port = port;
        this.logFile = logFile;
        this.pidFile = pidFile;
    }

    ServiceModule service() {
        return service;
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    Path logFile() {
        return logFile;
    }

    synchronized void start(List<String> jvmOptions, Map<String, String> environment, Path workingDirectory) {
        this.jvmOptions = List.copyOf(jvmOptions);
        this.environment = Map.copyOf(environment);
        this.workingDirectory = workingDirectory;
        launch("starting");
    }

    @Override
    public String name() {
        return service.module();
    }

    @Override
    public boolean isAlive() {
        Process current = process;
        return current != null && current.isAlive();
    }

    @Override
    public String exitDescription() {
        Process current = process;
        return current == null ? "never started" : "exit code " + current.exitValue();
    }

    /** The same JVM options, environment and port again; refused once the platform is stopping. */
    @Override
    public synchronized void restart() {
        if (stopping) {
            throw new IllegalStateException(service.module() + " is stopping");
        }
        launch("restarting");
    }

    long pid() {
        Process current = process;
        return current == null ? -1 : current.pid();
    }

    private void launch(String what) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(launchArguments);
        try {
            Files.writeString(logFile, "=== " + service.module() + " " + what + " at " + Instant.now() + "\n",
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            ProcessBuilder builder = new ProcessBuilder(Processes.inOwnSession(command))
                    .directory(workingDirectory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.environment().clear();
            builder.environment().putAll(environment);
            process = builder.start();
            Files.writeString(pidFile, process.pid() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + service.module(), e);
        }
    }

    /** Ready means Quarkus' readiness check answers 200; fails at once if the JVM has exited. */
    boolean isReady() {
        if (!process.isAlive()) {
            throw new IllegalStateException(service.module() + " exited with code " + process.exitValue()
                    + " before it was ready; see " + logFile + "\n" + Processes.tail(logFile, 40));
        }
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url() + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(2)).GET().build();
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + service.module(), e);
        }
    }

    IllegalStateException notReadyIn(Duration timeout) {
        return new IllegalStateException(service.module() + " was not ready within " + timeout.toSeconds()
                + " s (GET " + url() + "/q/health/ready); see " + logFile + "\n" + Processes.tail(logFile, 40));
    }

    /** SIGTERM now; {@link #awaitStopped} waits. Split so that several services stop side by side. */
    synchronized void signalStop() {
        stopping = true;
        if (process != null && process.isAlive()) {
            process.destroy();
        }
    }

    void awaitStopped(Duration grace) {
        Process current = process;
        if (current != null) {
            Processes.terminate(current.toHandle(), grace);
        }
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException ignored) {
            // a stale pid file is checked against the command line before it is trusted
        }
    }

    /** Stops a service JVM that a previous launcher left running (it was killed without stopping it). */
    static void stopLeftover(Path pidFile, Path jar) {
        try {
            if (!Files.exists(pidFile)) {
                return;
            }
            long pid = Long.parseLong(Files.readString(pidFile).strip());
            if (Processes.isAlive(pid, jar.toString())) {
                ProcessHandle.of(pid).ifPresent(handle -> Processes.terminate(handle, Duration.ofSeconds(20)));
            }
            Files.deleteIfExists(pidFile);
        } catch (IOException | NumberFormatException e) {
            // unreadable: nothing we can trust it about
        }
    }
}
