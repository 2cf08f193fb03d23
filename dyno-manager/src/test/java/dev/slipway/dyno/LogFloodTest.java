package dev.slipway.dyno;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.devstack.ServiceTestResource;
import dev.slipway.dyno.domain.AppOutput;
import dev.slipway.dyno.domain.Dyno;
import dev.slipway.kit.Db;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Real: dyno-manager's log path end to end (AppOutput, the outbox, Kafka and PostgreSQL from
 * devstack, LogIngest), and two real processes on this machine whose stdout is captured as a
 * dyno's. Faked: the dyno runtime — the test starts the processes itself and hands their output
 * to AppOutput as DynoProcesses does.
 */
@QuarkusTest
@QuarkusTestResource(value = ServiceTestResource.class, initArgs = @ResourceArg(name = "service", value = "dyno"))
class LogFloodTest {
    @Inject
    AppOutput output;

    @Inject
    Db db;

    @Test
    void oneAppsFloodCostsAnotherAppNoLineAndBadBytesAreStoredEscaped() throws Exception {
        UUID noisy = UUID.randomUUID();
        UUID quiet = UUID.randomUUID();
        // two million lines as fast as the pipe takes them: far more than the shipper can write
        Process flood = start("yes 'flood flood flood flood flood' | head -n 2000000");
        // meanwhile another app talks at a normal pace, then prints a NUL, invalid UTF-8 and an
        // endless line (30,000 bytes with no line break)
        Process talk = start("""
                for i in $(seq 1 300); do echo "quiet line $i"; [ $((i % 30)) = 0 ] && sleep 0.05; done
                printf 'before\\0after\\n'
                printf 'bad \\xff\\xfe bytes\\n'
                head -c 30000 /dev/zero | tr '\\0' 'z'
                echo
                echo 'last line'
                """);
        CompletableFuture<Void> flooded = output.capture(dyno(noisy, "web.1"), flood.getInputStream());
        CompletableFuture<Void> talked = output.capture(dyno(quiet, "worker.1"), talk.getInputStream());
        flooded.get(120, TimeUnit.SECONDS);
        talked.get(120, TimeUnit.SECONDS);
        assertTrue(output.dropped() > 0, "the flood overflowed its own queue");

        List<String> got = Platform.await(() -> messages(quiet), l -> l.contains("last line"), 120_000);
        List<String> expected = new ArrayList<>(IntStream.rangeClosed(1, 300).mapToObj(i -> "quiet line " + i).toList());
        expected.add("before\uFFFDafter");
        expected.add("bad \uFFFD\uFFFD bytes");
        expected.addAll(List.of("z".repeat(10_000), "z".repeat(10_000), "z".repeat(10_000)));
        expected.add("last line");
        assertEquals(expected, got, "every line of the quiet app, in order, none lost to the flood");

        // the flooding app's log says what it lost, Heroku's way (read from the outbox: the app's
        // later lines may have pruned it from its 1,500 kept ones by now)
        List<String> reports = query("SELECT envelope FROM kit_outbox WHERE partition_key = ?::text"
                + " AND envelope LIKE '%Error L10 (output buffer overflow)%' ORDER BY id", noisy);
        assertTrue(!reports.isEmpty(), "an L10 line for the flooding app");
        assertTrue(reports.getFirst().matches(".*\"heroku\".*\"web\\.1\".*Error L10 \\(output buffer overflow\\): \\d+ "
                + "messages dropped since \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\+00:00\\..*"), reports.getFirst());
        assertTrue(herokuLines(quiet).isEmpty(), "the quiet app lost nothing, so its log reports nothing");
    }

    private static Process start(String script) throws Exception {
        return new ProcessBuilder("bash", "-c", script).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
    }

    private static Dyno dyno(UUID appId, String name) {
        Instant now = Instant.now();
        return new Dyno(UUID.randomUUID(), appId, "flood-test", name, name.substring(0, name.indexOf('.')), null, 1,
                Dyno.UP, "127.0.0.1", 0, null, "bash", "standard-1X", 0, now, now);
    }

    private List<String> messages(UUID appId) {
        return query("SELECT message FROM log_line WHERE app_id = ? AND source = 'app' ORDER BY id", appId);
    }

    private List<String> herokuLines(UUID appId) {
        return query("SELECT message FROM log_line WHERE app_id = ? AND source = 'heroku' ORDER BY id",
                appId);
    }

    private List<String> query(String sql, UUID appId) {
        return db.read(c -> {
            try (var q = c.prepareStatement(sql)) {
                q.setObject(1, appId);
                List<String> out = new ArrayList<>();
                try (var rs = q.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
                return out;
            }
        });
    }
}
