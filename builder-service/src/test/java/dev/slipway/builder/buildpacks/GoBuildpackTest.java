package dev.slipway.builder.buildpacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The built-in go buildpack's scripts, run as the builder writes them. Real: bash, Debian's Go
 * 1.19 and 1.23 under /usr/lib/go-1.N (the compiles use 1.19, whose standard library comes
 * compiled), go install. Faked: an operator runtime (a directory under a test's SLIPWAY_RUNTIMES,
 * never executed); no sandbox.
 */
class GoBuildpackTest {
    private static final String MAIN = """
            package main

            import (
            \t"fmt"
            \t"runtime"
            )

            func main() { fmt.Println("built with", runtime.Version()) }
            """;

    @TempDir
    Path work;

    @Test
    void detectsAGoModule() {
        assertEquals(new BuiltinScript.Result(0, "Go\n"), go().detect(BuiltinScript.files(work.resolve("app"), Map.of("go.mod", ""))));
        assertEquals(1, go().detect(BuiltinScript.files(work.resolve("other"), Map.of("main.go", ""))).exitCode());
    }

    @Test
    void buildsWithTheGoAskedForIntoBinAndAWarmBuildCompilesNothing() throws IOException {
        Path cache = Files.createDirectories(work.resolve("cache"));
        Path app = BuiltinScript.files(work.resolve("app"), Map.of("go.mod", "module example.com/tools/hello/v2\n\ngo 1.19\n", "main.go", MAIN));
        BuiltinScript.Result cold = go().compile(app, cache, env());
        assertTrue(cold.ok(), cold.output());
        assertTrue(cold.output().contains("-----> Using go1.19."), cold.output());
        assertTrue(cold.output().contains("GOPROXY=off"), cold.output());
        assertTrue(cold.output().contains("       example.com/tools/hello/v2\n"), cold.output());
        assertTrue(cold.output().contains("       ./bin/hello\n"), cold.output());
        assertTrue(BuiltinScript.host(app.resolve("bin/hello").toString()).output().startsWith("built with go1.19."));
        assertEquals("---\ndefault_process_types:\n  web: bin/hello\n", go().release(app).output());
        assertTrue(Files.readString(app.resolve(".profile.d/go.sh")).contains("$HOME/bin"));

        // a new push unpacks into the same place (/app in the sandbox): the build cache's keys hold
        Path again = BuiltinScript.files(BuiltinScript.emptied(app), Map.of("go.mod", "module example.com/tools/hello/v2\n\ngo 1.19\n", "main.go", MAIN));
        BuiltinScript.Result warm = go().compile(again, cache, env());
        assertTrue(warm.ok(), warm.output());
        assertTrue(warm.output().contains("Nothing compiled: every package came from the build cache."), warm.output());
    }

    @Test
    void aVendoredModuleBuildsWithoutAProxy() throws IOException {
        Path app = BuiltinScript.files(work.resolve("app"), Map.of(
                "go.mod", "module example.com/vendored\n\ngo 1.19\n\nrequire example.com/greeting v1.0.0\n",
                "main.go", "package main\n\nimport (\n\t\"fmt\"\n\n\t\"example.com/greeting\"\n)\n\nfunc main() { fmt.Println(greeting.Hello()) }\n",
                "vendor/modules.txt", "# example.com/greeting v1.0.0\n## explicit\nexample.com/greeting\n",
                "vendor/example.com/greeting/greeting.go", "package greeting\n\nfunc Hello() string { return \"hello from vendor\" }\n"));
        BuiltinScript.Result compiled = go().compile(app, Files.createDirectories(work.resolve("cache")), env());
        assertTrue(compiled.ok(), compiled.output());
        assertTrue(compiled.output().contains("GOFLAGS=-mod=vendor"), compiled.output());
        assertEquals("hello from vendor\n", BuiltinScript.host(app.resolve("bin/vendored").toString()).output());
    }

    @Test
    void aModuleThatIsNeitherVendoredNorReachableFailsWithTheWayOut() throws IOException {
        Path app = BuiltinScript.files(work.resolve("app"), Map.of(
                "go.mod", "module example.com/needy\n\ngo 1.19\n\nrequire example.com/missing v1.0.0\n",
                "main.go", "package main\n\nimport \"example.com/missing\"\n\nfunc main() { missing.Run() }\n"));
        BuiltinScript.Result compiled = go().compile(app, Files.createDirectories(work.resolve("cache")), env());
        assertEquals(1, compiled.exitCode(), compiled.output());
        assertTrue(compiled.output().contains(" !     A module is missing: proxy.golang.org is not reachable from this platform."), compiled.output());
        assertTrue(compiled.output().contains(" !     go install failed."), compiled.output());
    }

    @Test
    void aGoThatIsNotInstalledFailsWithTheList() throws IOException {
        Path app = BuiltinScript.files(work.resolve("app"), Map.of("go.mod", "module example.com/x\n\n// +heroku goVersion go1.21\ngo 1.19\n"));
        BuiltinScript.Result compiled = go().compile(app, Files.createDirectories(work.resolve("cache")), env());
        assertEquals(1, compiled.exitCode(), compiled.output());
        assertTrue(compiled.output().contains(" !     Go 1.21 is not available on this platform."), compiled.output());
        assertTrue(compiled.output().matches("(?s).* !     Available: 1\\.19\\.\\d+, 1\\.23\\.\\d+\n.*"), compiled.output());
    }

    /** The go directive is a minimum (Go's rule): a newer installed toolchain builds it; a heroku pin is exact. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "go 1.19                          | 1.19.",
            "go 1.19.2                        | 1.19.",
            "go 1.21                          | 1.24.1",
            "go 1.23.4                        | 1.23.",
            "go 1.24                          | 1.24.1",
            "go 1.25                          | none",
            "// +heroku goVersion go1.23\\ngo 1.19 | 1.23.",
            "// +heroku goVersion go1.21      | none",
            "module example.com/x             | 1.24.1"})
    void picksTheGoOfGoModFromDebianAndTheOperatorsFolder(String goMod, String expected) throws IOException {
        Path runtimes = work.resolve("runtimes");
        Path fake = Files.createDirectories(runtimes.resolve("go/1.24.1/bin")).resolve("go");
        Files.writeString(fake, "#!/bin/sh\nexit 1\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path mod = BuiltinScript.files(work.resolve("app"), Map.of("go.mod", goMod.replace("\\n", "\n") + "\n")).resolve("go.mod");
        BuiltinScript.Result picked = go().env("SLIPWAY_RUNTIMES", runtimes.toString()).shell(
                "IFS=$'\\t' read -r asked kind where <<<\"$(go_version_asked '" + mod + "')\"\n"
                        + "picked=\"$(go_runtimes | go_pick \"$asked\" \"$kind\")\"; echo \"${picked%%$'\\t'*}\"", "go.sh");
        assertTrue(picked.ok(), picked.output());
        String version = picked.output().strip();
        assertTrue(expected.equals("none") ? version.isEmpty() : version.startsWith(expected), goMod + " picked '" + version + "'");
    }

    @Test
    void aGoVersionThatIsNotOneFailsTheBuild() {
        Path mod = BuiltinScript.files(work.resolve("app"), Map.of("go.mod", "module x\n\n// +heroku goVersion latest\n")).resolve("go.mod");
        BuiltinScript.Result asked = go().shell("go_version_asked '" + mod + "'", "go.sh");
        assertEquals(1, asked.exitCode());
        assertTrue(asked.output().contains("'// +heroku goVersion latest' does not name a Go version"), asked.output());
    }

    private BuiltinScript go() {
        return BuiltinScript.of("go", work.resolve("bp-" + System.nanoTime()));
    }

    private Path env() throws IOException {
        return Files.createDirectories(work.resolve("env"));
    }
}
