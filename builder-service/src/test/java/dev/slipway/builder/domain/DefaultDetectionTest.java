package dev.slipway.builder.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.slipway.builder.config.BuiltinBuildpacks;
import dev.slipway.builder.domain.Buildpacks.Buildpack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default buildpacks' bin/detect, all run in one step: the first that accepts wins, in the
 * built-ins' order, with the name it printed. Real: the built-in detect scripts, bash, the files
 * of an app. Faked: nothing; the step runs as a host process (HostSteps) instead of a sandbox.
 */
class DefaultDetectionTest {
    @TempDir
    Path tmp;

    @Test
    void aNodeAppIsNodeEvenThoughRubyIsTriedFirst() throws Exception {
        BuildpackSteps.Detected detected = detect("package.json", "{}");
        assertEquals("heroku/nodejs", detected.pack().name());
        assertEquals("Node.js", detected.name());
    }

    @Test
    void theFirstThatAcceptsWinsInTheBuiltinsOrder() throws Exception {
        write("package.json", "{}");
        BuildpackSteps.Detected detected = detect("Gemfile", "source 'https://rubygems.org'\n");
        assertEquals("heroku/ruby", detected.pack().name());
        assertEquals("Ruby", detected.name());
    }

    @Test
    void theLastDefaultIsReachedWhenNoOtherAccepts() throws Exception {
        BuildpackSteps.Detected detected = detect("Procfile", "web: ./serve\n");
        assertEquals("heroku/procfile", detected.pack().name());
        assertEquals("Procfile", detected.name());
    }

    @Test
    void anAppNoDefaultAcceptsGetsNone() throws Exception {
        assertNull(detect("README", "nothing to build\n"));
    }

    private void write(String file, String content) throws Exception {
        Files.writeString(Files.createDirectories(tmp.resolve("app")).resolve(file), content);
    }

    private BuildpackSteps.Detected detect(String file, String content) throws Exception {
        write(file, content);
        Path packs = Files.createDirectories(tmp.resolve("buildpacks"));
        List<Buildpack> defaults = new ArrayList<>();
        for (String name : BuiltinBuildpacks.NAMES) {
            defaults.add(new Buildpack("heroku/" + name, new BuiltinBuildpacks().extract(name, packs), name));
        }
        BuildWorkspace ws = new BuildWorkspace(new HostSteps(), false, 0, tmp.resolve("app"),
                Files.createDirectories(tmp.resolve("env")), Files.createDirectories(tmp.resolve("home")),
                Map.of("PATH", "/usr/local/bin:/usr/bin:/bin", "HOME", BuildWorkspace.HOME));
        return new BuildpackSteps(null).detectFirst(defaults, packs, ws);
    }
}
