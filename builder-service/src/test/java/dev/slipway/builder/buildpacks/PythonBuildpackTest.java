package dev.slipway.builder.buildpacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The built-in python buildpack's scripts, run as the builder writes them. Real: bash, the host's
 * Debian Python (/usr/bin/python3.11, with venv), pip, wheels made in the test. Faked: an operator
 * runtime (a directory under a test's SLIPWAY_RUNTIMES that is never executed); no sandbox.
 */
class PythonBuildpackTest {
    private static final String WHEEL_REQUIREMENTS = "--no-index\n--find-links ./wheels\nslipway-greeting==1.0.0\n";

    @TempDir
    Path work;

    @ParameterizedTest
    @ValueSource(strings = {"requirements.txt", "pyproject.toml", "uv.lock", "poetry.lock", "Pipfile", "Pipfile.lock",
            "setup.py", ".python-version", "runtime.txt", "manage.py"})
    void detectsWhatHerokuDetects(String file) {
        Path app = BuiltinScript.files(work.resolve("app"), Map.of(file, ""));
        BuiltinScript.Result detect = python().detect(app);
        assertEquals(new BuiltinScript.Result(0, "Python\n"), detect);
    }

    @ParameterizedTest
    @ValueSource(strings = {"package.json", "go.mod", "app.rb", "index.html"})
    void anythingElseIsNotPython(String file) {
        Path app = BuiltinScript.files(work.resolve("app"), Map.of(file, ""));
        assertEquals(1, python().detect(app).exitCode());
    }

    @Test
    void installsFromACommittedWheelFolderAndAWarmPushInstallsNothing() throws IOException {
        Path app = wheelApp(work.resolve("app"), Map.of(".python-version", "3.11\n", "requirements.txt", WHEEL_REQUIREMENTS));
        Path cache = Files.createDirectories(work.resolve("cache"));
        BuiltinScript python = python();

        BuiltinScript.Result cold = python.compile(app, cache, emptyEnv());
        assertTrue(cold.ok(), cold.output());
        assertTrue(cold.output().contains("-----> Using Python 3.11 specified in .python-version"), cold.output());
        assertTrue(cold.output().contains("-----> Installing Python 3.11."), cold.output());
        assertTrue(cold.output().contains("Successfully installed slipway-greeting-1.0.0"), cold.output());
        assertEquals("hello from slipway_greeting 1.0.0", greeting(app));
        assertTrue(Files.readString(app.resolve(".profile.d/python.sh")).contains("$HOME/.heroku/python/bin"));

        // a new push unpacks into the same place (/app in the sandbox), where the virtualenv was made
        Path again = wheelApp(BuiltinScript.emptied(app), Map.of(".python-version", "3.11\n", "requirements.txt", WHEEL_REQUIREMENTS));
        BuiltinScript.Result warm = python.compile(again, cache, emptyEnv());
        assertTrue(warm.ok(), warm.output());
        assertTrue(warm.output().contains("-----> Restoring the virtualenv from the cache"), warm.output());
        assertTrue(warm.output().contains("nothing to install"), warm.output());
        assertFalse(warm.output().contains("Successfully installed"), warm.output());
        assertEquals("hello from slipway_greeting 1.0.0", greeting(again));

        Path changed = wheelApp(BuiltinScript.emptied(app), Map.of(".python-version", "3.11\n",
                "requirements.txt", WHEEL_REQUIREMENTS + "# a changed requirements file installs again\n"));
        BuiltinScript.Result reinstalled = python.compile(changed, cache, emptyEnv());
        assertTrue(reinstalled.output().contains("Successfully installed slipway-greeting-1.0.0"), reinstalled.output());
    }

    /**
     * uv, Poetry and Pipenv are not installable here: their locks become pins that pip installs,
     * without the development packages (pytest is locked but has no wheel: asking for it would
     * fail), and the app's PIP_* config vars reach pip.
     */
    @ParameterizedTest
    @ValueSource(strings = {"uv.lock", "poetry.lock", "Pipfile.lock"})
    void aLockFileInstallsItsPinnedRuntimePackagesWithPipsConfigVars(String lock) throws IOException {
        Path app = wheelApp(work.resolve("app"), Map.of(lock, LockFiles.of(lock), "pyproject.toml", "[project]\nname = \"myapp\"\n"));
        Path env = BuiltinScript.files(work.resolve("env"), Map.of("PIP_NO_INDEX", "1", "PIP_FIND_LINKS", app.resolve("wheels").toString()));
        BuiltinScript.Result compiled = python().compile(app, Files.createDirectories(work.resolve("cache")), env);
        assertTrue(compiled.ok(), compiled.output());
        assertTrue(compiled.output().contains("-----> Installing requirements with pip (from " + lock + ")"), compiled.output());
        assertTrue(compiled.output().contains("pip installs the pinned versions of " + lock), compiled.output());
        assertTrue(compiled.output().contains("Successfully installed slipway-greeting-1.0.0"), compiled.output());
        assertFalse(compiled.output().contains("pytest"), compiled.output());
    }

    @Test
    void aVersionThatIsNotInstalledFailsWithTheList() throws IOException {
        Path app = BuiltinScript.files(work.resolve("app"), Map.of(".python-version", "3.7\n", "requirements.txt", ""));
        BuiltinScript.Result compiled = python().compile(app, Files.createDirectories(work.resolve("cache")), emptyEnv());
        assertEquals(1, compiled.exitCode(), compiled.output());
        assertTrue(compiled.output().contains(" !     Python 3.7 is not available on this platform."), compiled.output());
        assertTrue(compiled.output().contains(" !     Available: 3.11."), compiled.output());
    }

    @Test
    void anAppWithoutAPackageManagerFileIsToldWhatToCommit() throws IOException {
        Path app = BuiltinScript.files(work.resolve("app"), Map.of("setup.py", "", "Pipfile", ""));
        BuiltinScript.Result compiled = python().compile(app, Files.createDirectories(work.resolve("cache")), emptyEnv());
        assertEquals(1, compiled.exitCode(), compiled.output());
        assertTrue(compiled.output().contains(" !     Pipfile has no Pipfile.lock beside it."), compiled.output());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "3.11       | /usr/bin/python3.11",
            "3.12       | RUNTIMES/python/3.12.1/bin/python3",
            "3.12.1     | RUNTIMES/python/3.12.1/bin/python3",
            "''         | RUNTIMES/python/3.12.1/bin/python3",
            "3.12.2     | ''",
            "3.7        | ''"})
    void picksTheBestInstalledVersionFromDebianAndTheOperatorsFolder(String asked, String expected) throws IOException {
        Path runtimes = work.resolve("runtimes");
        Path fake = Files.createDirectories(runtimes.resolve("python/3.12.1/bin")).resolve("python3");
        Files.writeString(fake, "#!/bin/sh\nexit 1\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
        BuiltinScript.Result picked = python().env("SLIPWAY_RUNTIMES", runtimes.toString())
                .shell("python_runtimes | best_version '" + asked + "' | cut -f2", "python.sh");
        assertEquals(expected.replace("RUNTIMES", runtimes.toString()), picked.output().strip(), picked.output());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            ".python-version | # the version\\n\\n 3.11 \\n   | 3.11\t.python-version",
            "runtime.txt     | python-3.11.2\\n               | 3.11.2\truntime.txt"})
    void readsTheVersionFromPythonVersionOrRuntimeTxt(String file, String content, String expected) {
        Path app = BuiltinScript.files(work.resolve("app"), Map.of(file, content.replace("\\n", "\n")));
        BuiltinScript.Result asked = python().shell("python_version_asked '" + app + "'", "python.sh");
        assertEquals(expected, asked.output().strip(), asked.output());
    }

    @Test
    void aVersionFileThatNamesNoVersionFailsTheBuild() {
        Path app = BuiltinScript.files(work.resolve("app"), Map.of(".python-version", "latest\n"));
        BuiltinScript.Result asked = python().shell("python_version_asked '" + app + "'", "python.sh");
        assertEquals(1, asked.exitCode());
        assertTrue(asked.output().contains(".python-version does not name a Python version: 'latest'"), asked.output());
    }

    @Test
    void aDjangoProjectWithGunicornGetsAWebProcess() throws IOException {
        Path app = BuiltinScript.files(work.resolve("app"), Map.of(
                "manage.py", "os.environ.setdefault(\"DJANGO_SETTINGS_MODULE\", \"mysite.settings\")\n",
                "mysite/wsgi.py", ""));
        assertEquals("---\ndefault_process_types: {}\n", python().release(app).output());
        Path gunicorn = BuiltinScript.files(app, Map.of(".heroku/python/bin/gunicorn", "#!/bin/sh\n")).resolve(".heroku/python/bin/gunicorn");
        Files.setPosixFilePermissions(gunicorn, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertEquals("---\ndefault_process_types:\n  web: gunicorn mysite.wsgi\n", python().release(app).output());
    }

    private BuiltinScript python() {
        return BuiltinScript.of("python", work.resolve("bp-" + System.nanoTime()));
    }

    private Path emptyEnv() throws IOException {
        return Files.createDirectories(work.resolve("env"));
    }

    private static Path wheelApp(Path dir, Map<String, String> files) {
        BuiltinScript.files(dir, files);
        Wheels.write(dir.resolve("wheels"), "slipway_greeting", "1.0.0");
        return dir;
    }

    private static String greeting(Path app) {
        BuiltinScript.Result run = BuiltinScript.host(app.resolve(".heroku/python/bin/python").toString(), "-c",
                "import slipway_greeting; print(slipway_greeting.GREETING)");
        assertTrue(run.ok(), run.output());
        return run.output().strip();
    }
}
