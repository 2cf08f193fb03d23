package dev.slipway.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real: a JVM answering HTTP (the JDK's own web server, {@code java -m jdk.httpserver}, serving a
 * {@code q/health/ready} file so that it answers readiness like a service), run by ServiceProcess
 * exactly as a service JVM is run, killed with SIGKILL, restarted by the Supervisor. Faked:
 * nothing; the stand-in is only a different program behind the same process handling.
 */
class SupervisorTest {
    @TempDir
    Path dir;

    @Test
    void aKilledServiceComesBackAndAnswersWithTheRestartCounted() throws Exception {
        Files.createDirectories(dir.resolve("www/q/health"));
        Files.writeString(dir.resolve("www/q/health/ready"), "UP");
        int port = Ports.free();
        ServiceProcess service = new ServiceProcess(ServiceModule.RELEASE_SERVICE,
                List.of("-m", "jdk.httpserver", "-b", "127.0.0.1", "-p", String.valueOf(port), "-d", dir.resolve("www").toString()),
                port, dir.resolve("release-service.log"), dir.resolve("release-service.pid"));
        List<String> log = new CopyOnWriteArrayList<>();
        List<String> restartsSeen = new CopyOnWriteArrayList<>();
        service.start(List.of("-Xmx32m", "-XX:+UseSerialGC"), Map.of("PATH", System.getenv("PATH")), dir);
        try (Supervisor supervisor = new Supervisor(log::add, () -> restartsSeen.add("state written"), InstantSource.system())) {
            awaitReady(service);
            supervisor.watch(service);
            assertEquals(0, supervisor.status().get("release-service").restarts());

            long first = service.pid();
            ProcessHandle.of(first).orElseThrow().destroyForcibly(); // kill -9
            long second = awaitRestarted(service, first);
            awaitReady(service);
            assertEquals(1, supervisor.status().get("release-service").restarts());
            assertEquals(List.of("state written"), restartsSeen);
            assertTrue(log.getFirst().startsWith("release-service exited (exit code 137)"), log.getFirst());
            assertTrue(log.getFirst().endsWith("restarting it in 1000 ms (restart 1)"), log.getFirst());
            assertEquals(String.valueOf(second) + "\n", Files.readString(dir.resolve("release-service.pid")));

            // a second crash soon after waits twice as long: a crash loop never spins
            long started = System.nanoTime();
            ProcessHandle.of(second).orElseThrow().destroyForcibly();
            awaitRestarted(service, second);
            assertTrue(Duration.ofNanos(System.nanoTime() - started).toMillis() >= 2000, "back-off of 2 s");
            awaitReady(service);
            assertEquals(2, supervisor.status().get("release-service").restarts());
            assertTrue(log.stream().anyMatch(line -> line.endsWith("restarting it in 2000 ms (restart 2)")), log.toString());
        } finally {
            service.signalStop();
            service.awaitStopped(Duration.ofSeconds(10));
        }
        assertTrue(Files.readString(dir.resolve("release-service.log")).contains("=== release-service restarting at"));
    }

    @Test
    void aStoppedPlatformIsNotRestarted() throws Exception {
        int port = Ports.free();
        ServiceProcess service = new ServiceProcess(ServiceModule.DYNO_MANAGER,
                List.of("-m", "jdk.httpserver", "-b", "127.0.0.1", "-p", String.valueOf(port), "-d", dir.toString()),
                port, dir.resolve("dyno-manager.log"), dir.resolve("dyno-manager.pid"));
        List<String> log = new CopyOnWriteArrayList<>();
        service.start(List.of("-Xmx32m", "-XX:+UseSerialGC"), Map.of("PATH", System.getenv("PATH")), dir);
        Supervisor supervisor = new Supervisor(log::add, () -> {}, InstantSource.system());
        supervisor.watch(service);
        supervisor.close();
        service.signalStop();
        service.awaitStopped(Duration.ofSeconds(10));
        Thread.sleep(RestartBackoff.FIRST.toMillis() + 500);
        assertTrue(!service.isAlive() && log.isEmpty(), "an orderly stop is not a crash: " + log);
    }

    private static long awaitRestarted(ServiceProcess service, long oldPid) {
        return TestEvents.await(() -> service.isAlive() ? service.pid() : -1, pid -> pid > 0 && pid != oldPid,
                Duration.ofSeconds(20));
    }

    private static void awaitReady(ServiceProcess service) {
        assertNotEquals(false, TestEvents.await(service::isReady, ready -> ready, Duration.ofSeconds(30)));
    }
}
