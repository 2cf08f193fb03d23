package dev.slipway.builder.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slipway.builder.domain.Buildpacks.Buildpack;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The multi-buildpack contract ({@code $BP_DIR/export} seen by the buildpacks after it) on real
 * files, and a real compile step (host bash through {@link HostSteps}) that sources the exports.
 */
class BuildpackExportsTest {
    @TempDir
    Path tmp;

    @Test
    void anExportIsKeptInBuildpackOrderAndSourcedByTheNextCompile() throws Exception {
        Buildpack first = pack("first", "#!/bin/bash\necho 'export GREETING=\"hello from first\"' > \"$(dirname \"$0\")/../export\"\n");
        Buildpack second = pack("second", "#!/bin/bash\necho \"second sees: ${GREETING:-nothing}\"\n");
        BuildpackExports exports = new BuildpackExports(tmp.resolve("exports"));
        assertNull(exports.forNextCompile(), "nothing to source before any buildpack exported");

        assertEquals("second sees: nothing", run(second, exports).strip());
        run(first, exports);
        exports.collect(first);
        assertEquals("export GREETING=\"hello from first\"\n",
                Files.readString(tmp.resolve("exports/001-export"), StandardCharsets.UTF_8));
        assertEquals("second sees: hello from first", run(second, exports).strip());
    }

    @Test
    void aBuildpackWithoutExportAddsNothing() throws Exception {
        Buildpack pack = pack("quiet", "#!/bin/sh\ntrue\n");
        BuildpackExports exports = new BuildpackExports(tmp.resolve("exports"));
        exports.collect(pack);
        assertNull(exports.forNextCompile());
        assertFalse(Files.exists(tmp.resolve("exports")));
    }

    @Test
    void anExportThatIsALinkIsRefusedAndNeverRead() throws Exception {
        Buildpack pack = pack("sly", "#!/bin/sh\ntrue\n");
        Path secret = Files.writeString(tmp.resolve("secret"), "export KEY=host-secret\n");
        Files.createSymbolicLink(pack.dir().resolve("export"), secret);
        BuildpackExports exports = new BuildpackExports(tmp.resolve("exports"));
        BuildFailure failure = assertThrows(BuildFailure.class, () -> exports.collect(pack));
        assertTrue(failure.getMessage().contains("sly left an export that is not a regular file"), failure.getMessage());
        assertNull(exports.forNextCompile());
    }

    @Test
    void anExportOverTheBoundIsRefused() throws Exception {
        Buildpack pack = pack("loud", "#!/bin/sh\ntrue\n");
        Files.write(pack.dir().resolve("export"), new byte[BuildpackExports.LIMIT + 1]);
        BuildFailure failure = assertThrows(BuildFailure.class,
                () -> new BuildpackExports(tmp.resolve("exports")).collect(pack));
        assertTrue(failure.getMessage().contains("at most 64 KB"), failure.getMessage());
    }

    @Test
    void anExportLeftByAnEarlierBuildIsClearedBeforeTheCompile() throws Exception {
        Buildpack pack = pack("cached", "#!/bin/sh\ntrue\n");
        Files.writeString(pack.dir().resolve("export"), "export OLD=1\n");
        BuildpackExports.clear(pack);
        assertFalse(Files.exists(pack.dir().resolve("export")));
    }

    private Buildpack pack(String name, String compile) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("buildpacks").resolve(name).resolve("bin"));
        Path script = Files.writeString(dir.resolve("compile"), compile);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return new Buildpack(name, dir.getParent(), name);
    }

    private String run(Buildpack pack, BuildpackExports exports) throws Exception {
        Path app = Files.createDirectories(tmp.resolve("app"));
        Path env = Files.createDirectories(tmp.resolve("env"));
        Path home = Files.createDirectories(tmp.resolve("home"));
        Path cache = Files.createDirectories(tmp.resolve("cache"));
        BuildWorkspace ws = new BuildWorkspace(new HostSteps(), false, 0, app, env, home,
                Map.of("PATH", "/usr/local/bin:/usr/bin:/bin", "HOME", BuildWorkspace.HOME));
        Step step = ws.compile(pack.dir(), cache, exports.forNextCompile());
        if (exports.forNextCompile() != null) {
            assertEquals(List.of("/bin/bash", "-c"), step.args().subList(0, 2));
        }
        StringBuilder out = new StringBuilder();
        int exit = ProcessRunner.stream(new HostSteps(), step, Duration.ofSeconds(10), (line, bytes) -> {
            out.append(line).append('\n');
            return true;
        });
        assertEquals(0, exit, out.toString());
        return out.toString();
    }
}
