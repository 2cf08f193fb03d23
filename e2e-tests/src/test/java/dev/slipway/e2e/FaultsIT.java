package dev.slipway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.devstack.Platform;
import dev.slipway.devstack.ServiceModule;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults during deploys: while apps are pushed over and over, every service is killed with
 * SIGKILL in turn, the broker is restarted and PostgreSQL is restarted, {@code rounds} times
 * each ({@code -Dslipway.faults.rounds}, 1 in the build; {@code bench/faults.sh} runs more).
 * Every push must end (released, or rejected with a reason), no accepted push may lack its
 * release, none may have two, and the API must answer within 10 s of PostgreSQL's return.
 * Prints one line: {@code faults: kills=... max-recovery-s=...}. Real: the whole platform as
 * {@code ./slipway up} starts it (the launcher restarts what dies), git, HTTP, signals. Faked:
 * nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FaultsIT {
    private static final int ROUNDS = Integer.getInteger("slipway.faults.rounds", 1);
    private static final List<String> APPS = List.of("faults-a", "faults-b");
    private static final Duration PG_RECOVERY_LIMIT = Duration.ofSeconds(10);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** Its own: every service, the broker and PostgreSQL are killed or restarted. */
    @RegisterExtension
    static final TestPlatform platform = TestPlatform.own();
    @TempDir
    static Path work;
    private Slipway slipway;
    private final Map<String, ProcfileApp> apps = new HashMap<>();

    private record Deploy(String app, String sha, String label, Shell.Result result) {}

    @BeforeAll
    void twoDeployedApps() throws Exception {
        slipway = platform.slipway();
        for (String name : APPS) {
            assertEquals(201, slipway.api().post("/apps", "{\"name\":\"" + name + "\"}").status());
            ProcfileApp app = new ProcfileApp(Files.createDirectories(work.resolve(name)));
            app.version(name + " v0");
            apps.put(name, app);
            slipway.await(name + " first push accepted", () -> app.push(slipway.gitUrl(name)).exitCode() == 0);
            slipway.awaitApp(name, name + " v0");
        }
    }

    @Test
    void everyDeployEndsReleasedOrRejectedThroughKillsAndRestarts() throws Exception {
        ConcurrentLinkedQueue<Deploy> deploys = new ConcurrentLinkedQueue<>();
        AtomicBoolean faulting = new AtomicBoolean(true);
        ExecutorService deployers = Executors.newFixedThreadPool(APPS.size());
        List<Future<?>> running = new ArrayList<>();
        for (String name : APPS) {
            running.add(deployers.submit(() -> deployUntilDone(name, faulting, deploys)));
        }
        int kills = 0;
        int brokerRestarts = 0;
        int pgRestarts = 0;
        double maxRecovery = 0;
        Duration pgRecovery = Duration.ZERO;
        try {
            for (int round = 0; round < ROUNDS; round++) {
                for (ServiceModule service : ServiceModule.values()) {
                    pauseForDeploys();
                    long pid = kill(service);
                    kills++;
                    maxRecovery = Math.max(maxRecovery, secondsUntil(() -> restartedAndReady(service, pid)));
                }
                pauseForDeploys();
                platform().kafka().restart();
                brokerRestarts++;
                maxRecovery = Math.max(maxRecovery, secondsUntil(this::apiAnswers));
                pauseForDeploys();
                platform().postgres().stop();
                platform().postgres().start();
                pgRestarts++;
                double seconds = secondsUntil(this::apiAnswers);
                maxRecovery = Math.max(maxRecovery, seconds);
                pgRecovery = pgRecovery.compareTo(Duration.ofMillis((long) (seconds * 1000))) > 0
                        ? pgRecovery : Duration.ofMillis((long) (seconds * 1000));
            }
        } finally {
            faulting.set(false);
            for (Future<?> f : running) {
                f.get();
            }
            deployers.shutdown();
        }

        Tally tally = tally(List.copyOf(deploys));
        System.out.printf("faults: kills=%d broker-restarts=%d pg-restarts=%d deploys=%d completed=%d rejected=%d "
                        + "stuck=%d lost=%d duplicated=%d max-recovery-s=%.1f%n", kills, brokerRestarts, pgRestarts,
                deploys.size(), tally.completed, tally.rejected, tally.stuck, tally.lost.size(), tally.duplicated.size(),
                maxRecovery);
        System.out.print("faults: rejections by reason:\n" + reasons(List.copyOf(deploys)));
        assertEquals(0, tally.stuck, "pushes that did not end in " + ProcfileApp.PUSH_TIMEOUT_SECONDS + " s");
        assertTrue(tally.lost.isEmpty(), "accepted pushes without a release: " + tally.lost);
        assertTrue(tally.duplicated.isEmpty(), "commits released twice: " + tally.duplicated);
        assertTrue(tally.unexplained.isEmpty(), "rejected pushes that gave no reason:\n" + String.join("\n---\n", tally.unexplained));
        assertTrue(tally.completed > 0, "no deploy completed while faults were injected");
        assertTrue(pgRecovery.compareTo(PG_RECOVERY_LIMIT) <= 0, "the API answered " + pgRecovery.toMillis()
                + " ms after PostgreSQL's return");
        for (String name : APPS) {
            String last = lastAccepted(List.copyOf(deploys), name);
            if (last != null) {
                // a push rejected after its build began (its gateway killed) may still be released: a later page is fine
                int accepted = Integer.parseInt(last.substring(last.lastIndexOf('v') + 1));
                slipway.await(name + " serves its last accepted push or a later one", () -> {
                    String body = Api.getApp(slipway.routerUrl(), name + ".localhost").body().strip();
                    return body.startsWith(name + " v")
                            && Integer.parseInt(body.substring(body.lastIndexOf('v') + 1)) >= accepted;
                });
            }
        }
    }

    private void deployUntilDone(String name, AtomicBoolean faulting, ConcurrentLinkedQueue<Deploy> deploys) {
        ProcfileApp app = apps.get(name);
        for (int version = 1; faulting.get(); version++) {
            String label = name + " v" + version;
            String sha = app.version(label);
            Shell.Result result = app.push(slipway.gitUrl(name));
            deploys.add(new Deploy(name, sha, label, result));
            if (result.exitCode() != 0) {
                // a part is down: a user would wait a moment before pushing again
                sleep(1000);
            }
        }
    }

    private static final class Tally {
        int completed;
        int rejected;
        int stuck;
        final List<String> lost = new ArrayList<>();
        final List<String> duplicated = new ArrayList<>();
        final List<String> unexplained = new ArrayList<>();
    }

    private Tally tally(List<Deploy> deploys) {
        Tally tally = new Tally();
        for (Deploy d : deploys) {
            switch (d.result().exitCode()) {
                case 0 -> tally.completed++;
                case 124, 137 -> tally.stuck++;
                default -> {
                    tally.rejected++;
                    if (d.result().output().isBlank()) {
                        tally.unexplained.add(d.app() + " " + d.sha());
                    }
                }
            }
        }
        for (String name : APPS) {
            slipway.await(name + "'s releases listed", () -> slipway.api().get("/apps/" + name + "/releases").status() / 100 == 2);
            Map<String, Integer> released = new HashMap<>();
            for (var release : slipway.api().get("/apps/" + name + "/releases").json()) {
                String description = release.path("description").asText();
                if (description.startsWith("Deploy ")) {
                    released.merge(description.substring("Deploy ".length()), 1, Integer::sum);
                }
            }
            released.forEach((sha7, count) -> {
                if (count > 1) {
                    tally.duplicated.add(name + " " + sha7 + " x" + count);
                }
            });
            deploys.stream().filter(d -> d.app().equals(name) && d.result().exitCode() == 0)
                    .filter(d -> !released.containsKey(d.sha().substring(0, 7)))
                    .forEach(d -> tally.lost.add(name + " " + d.sha()));
        }
        return tally;
    }

    /** The page the app's last accepted push serves. */
    private static String lastAccepted(List<Deploy> deploys, String name) {
        String label = null;
        for (Deploy d : deploys) {
            if (d.app().equals(name) && d.result().exitCode() == 0) {
                label = d.label();
            }
        }
        return label;
    }

    private Platform platform() {
        return slipway.platform();
    }

    /** SIGKILL to the service's JVM; returns the pid it had. */
    private long kill(ServiceModule service) throws Exception {
        long pid = pidOf(service);
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        return pid;
    }

    private long pidOf(ServiceModule service) throws Exception {
        return Long.parseLong(Files.readString(platform().home().resolve("run").resolve(service.module() + ".pid")).strip());
    }

    private boolean restartedAndReady(ServiceModule service, long oldPid) {
        try {
            long pid = pidOf(service);
            return pid != oldPid && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)
                    && status(platform().serviceUrl(service) + "/q/health/ready") == 200 && apiAnswers();
        } catch (Exception e) {
            return false;
        }
    }

    private boolean apiAnswers() {
        return APPS.stream().allMatch(name -> slipway.api().get("/apps/" + name + "/releases").status() / 100 == 2
                && slipway.api().get("/apps/" + name).status() == 200);
    }

    /** Seconds until the condition holds (polled every 100 ms, given up after 3 minutes). */
    private double secondsUntil(java.util.function.BooleanSupplier condition) {
        long start = System.nanoTime();
        slipway.await("recovery", () -> {
            try {
                return condition.getAsBoolean();
            } catch (RuntimeException e) {
                return false;
            }
        });
        return (System.nanoTime() - start) / 1e9;
    }

    private static int status(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    /** Lets the deployers get a push in flight before the next fault. */
    private static void pauseForDeploys() throws InterruptedException {
        Thread.sleep(3000);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The rejections' reasons (each push's last line of output), most frequent first. */
    private static String reasons(List<Deploy> deploys) {
        Map<String, Integer> counts = new HashMap<>();
        for (Deploy d : deploys) {
            if (d.result().exitCode() != 0) {
                List<String> lines = d.result().output().strip().lines().toList();
                counts.merge(lines.isEmpty() ? "(nothing)" : lines.getLast().strip(), 1, Integer::sum);
            }
        }
        StringBuilder out = new StringBuilder();
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(8)
                .forEach(e -> out.append("  ").append(e.getValue()).append(" x ").append(e.getKey()).append('\n'));
        return out.toString();
    }
}
