package dev.slipway.builder.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pure unit test of the Procfile and bin/release parsers: nothing is faked, nothing runs. */
class ProcessTypesTest {

    @Test
    void procfileTypesInOrder() {
        ProcessTypes.Parsed p = ProcessTypes.parseProcfile("""
                web: node server.js --port $PORT
                # a comment

                worker:   node worker.js
                release-task: ./bin/migrate: now
                """);
        assertEquals(List.of("web", "worker", "release-task"), List.copyOf(p.types().keySet()));
        assertEquals("node server.js --port $PORT", p.types().get("web"));
        assertEquals("node worker.js", p.types().get("worker"));
        assertEquals("./bin/migrate: now", p.types().get("release-task"));
        assertTrue(p.warnings().isEmpty());
    }

    @Test
    void procfileBadLinesAreWarnedAndSkipped() {
        ProcessTypes.Parsed p = ProcessTypes.parseProcfile("web node server.js\nbad type: x\nempty:\n: nothing\nok: run\r\n");
        assertEquals(Map.of("ok", "run"), p.types());
        assertEquals(4, p.warnings().size());
        assertTrue(p.warnings().getFirst().contains("line 1"), p.warnings().getFirst());
    }

    @Test
    void procfileTypeNameLimit() {
        String longName = "a".repeat(129);
        ProcessTypes.Parsed p = ProcessTypes.parseProcfile(longName + ": x\n" + "b".repeat(128) + ": y");
        assertEquals(1, p.types().size());
        assertEquals(1, p.warnings().size());
    }

    @Test
    void releaseDefaults() {
        ProcessTypes.Parsed p = ProcessTypes.parseRelease("""
                ---
                addons:
                  - heroku-postgresql
                config_vars:
                  NODE_ENV: production
                default_process_types:
                  web: npm start
                  worker: "node worker.js"
                  clock: 'node clock.js'
                """);
        assertEquals(Map.of("web", "npm start", "worker", "node worker.js", "clock", "node clock.js"), p.types());
        assertTrue(p.warnings().isEmpty());
    }

    @Test
    void releaseEmptyDefaults() {
        assertEquals(Map.of(), ProcessTypes.parseRelease("---\ndefault_process_types: {}\n").types());
        assertEquals(Map.of(), ProcessTypes.parseRelease("").types());
        assertEquals(Map.of(), ProcessTypes.parseRelease("--- {}\n").types());
    }

    @Test
    void releaseBadLinesAreWarned() {
        ProcessTypes.Parsed p = ProcessTypes.parseRelease("default_process_types:\n  not a mapping\n  web:\n  ok: run\n");
        assertEquals(Map.of("ok", "run"), p.types());
        assertEquals(2, p.warnings().size());
        ProcessTypes.Parsed inline = ProcessTypes.parseRelease("default_process_types: {web: x}\n");
        assertEquals(Map.of(), inline.types());
        assertEquals(1, inline.warnings().size());
    }

    @Test
    void commandsWithControlCharactersCannotBeKept() {
        assertEquals("Procfile: the command of process type web contains a control character (U+0000), which is not "
                + "allowed. Remove it and push again.",
                ProcessTypes.unstorable("Procfile", ProcessTypes.parseProcfile("web: node\0 server.js\n").types()));
        assertEquals(null, ProcessTypes.unstorable("Procfile", Map.of("web", "node\tserver.js", "w", "ünïcode ok")));
        assertTrue(ProcessTypes.unstorable("x", Map.of("web", "a\u001bb")).contains("U+001B"));
        assertTrue(ProcessTypes.unstorable("x", Map.of("web", "a\u007fb")).contains("U+007F"));
        assertEquals("Procfile: the command of process type web is longer than 4096 characters.",
                ProcessTypes.unstorable("Procfile", Map.of("web", "x".repeat(4097))));
        Map<String, String> many = new java.util.HashMap<>();
        for (int i = 0; i < 101; i++) {
            many.put("t" + i, "x");
        }
        assertEquals("bin/release declares 101 process types; at most 100 are allowed.",
                ProcessTypes.unstorable("bin/release", many));
    }
}
