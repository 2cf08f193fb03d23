package dev.slipway.git;

import dev.slipway.devstack.ServiceTestResource;
import dev.slipway.git.domain.RepoStore;
import dev.slipway.kit.Db;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Not a test: a measurement, run by bench/git-push-heap.sh (surefire runs only *Test by default).
 * Real: git-gateway in this JVM (run with the services' -Xmx256m), PostgreSQL and Kafka from
 * devstack, a real git push over loopback of a repository holding one incompressible file of
 * {@code bench.push-mb} MB (default 200), to a non-deploy branch so that no build is involved.
 * Faked: config-service (its events are produced by the test). Prints the heap's peak during the
 * push, sampled every 10 ms, above its level just before, and how the push ended.
 */
@QuarkusTest
@TestProfile(GitPushHeapBench.LargePushes.class)
@QuarkusTestResource(value = ServiceTestResource.class, initArgs = @ResourceArg(name = "service", value = "git"))
class GitPushHeapBench {
    public static class LargePushes implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("slipway.git.max-push-size", "1G");
        }
    }

    @TestHTTPResource("/")
    URL base;

    @Inject
    RepoStore repos;

    @Inject
    Db db;

    @Test
    void measure() throws Exception {
        int mb = Integer.getInteger("bench.push-mb", 200);
        Platform platform = new Platform();
        GitClient git = new GitClient();
        try {
            Platform.TestApp app = platform.newReadyApp(repos, db);
            Path work = git.newRepo(Map.of("README", "bench\n"));
            Random random = new Random(1);
            byte[] chunk = new byte[1024 * 1024];
            try (OutputStream out = Files.newOutputStream(work.resolve("big.bin"))) {
                for (int i = 0; i < mb; i++) {
                    random.nextBytes(chunk);
                    out.write(chunk);
                }
            }
            git.ok(work, "add", "big.bin");
            git.ok(work, "commit", "--quiet", "-m", "big");
            String remote = "http://x:" + app.key() + "@" + base.getHost() + ":" + base.getPort() + "/" + app.name() + ".git";

            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            System.gc();
            long before = memory.getHeapMemoryUsage().getUsed();
            AtomicLong peak = new AtomicLong(before);
            AtomicBoolean pushing = new AtomicBoolean(true);
            Thread sampler = Thread.ofPlatform().daemon().start(() -> {
                while (pushing.get()) {
                    peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                    try {
                        Thread.sleep(10);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            long started = System.nanoTime();
            // bounded: a gateway out of heap may never answer
            Path log = Files.createTempFile("push", ".log");
            Process push = new ProcessBuilder("git", "-c", "credential.helper=", "push", remote, "main:bench")
                    .directory(work.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            boolean ended = push.waitFor(Integer.getInteger("bench.push-timeout-s", 300), TimeUnit.SECONDS);
            if (!ended) {
                push.destroyForcibly();
            }
            long millis = (System.nanoTime() - started) / 1_000_000;
            pushing.set(false);
            sampler.join();
            boolean stored = ended && push.exitValue() == 0
                    && git.head(work).equals(repos.revParse(app.id(), "refs/heads/bench"));
            System.out.printf("git-push-heap: push-mb=%d max-heap-mb=%d heap-before-mb=%d peak-heap-above-before-mb=%d "
                            + "push-ms=%d stored=%s%n", mb, memory.getHeapMemoryUsage().getMax() >> 20, before >> 20,
                    (peak.get() - before) >> 20, millis, stored);
            if (!stored) {
                System.out.println("git-push-heap: the push " + (ended ? "failed: " : "did not end in time: ")
                        + Files.readAllLines(log).stream().limit(20).toList());
            }
        } finally {
            platform.close();
        }
    }
}
