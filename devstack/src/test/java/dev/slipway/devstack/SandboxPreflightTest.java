package dev.slipway.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** What `./slipway up` says about dyno isolation, on this very machine (nothing faked). */
class SandboxPreflightTest {

    @Test
    void theWordMatchesWhatThisMachineCanDo() throws Exception {
        boolean root = Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(l -> l.startsWith("Uid:")).findFirst().orElseThrow().split("\\s+")[2].equals("0");
        boolean tools = Files.isExecutable(Path.of("/usr/sbin/runc")) && Files.isExecutable(Path.of("/usr/sbin/nft"));
        if (root && tools) {
            assertEquals(java.util.Optional.empty(), SandboxPreflight.problem());
            assertTrue(SandboxPreflight.message().startsWith("Dynos and builds run in sandboxes"), SandboxPreflight.message());
        } else {
            assertTrue(SandboxPreflight.problem().isPresent());
            // either refused or the explicit opt-out: never silent
            assertTrue(SandboxPreflight.message().startsWith("WARNING: dynos"), SandboxPreflight.message());
            assertTrue(SandboxPreflight.message().contains(SandboxPreflight.OPT_OUT), SandboxPreflight.message());
        }
    }
}
