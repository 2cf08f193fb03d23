package dev.slipway.kit.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bundle's config.json and the address pool's arithmetic, on files only (no runc, no root). */
class OciBundleTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theConfigHasEveryWall(@TempDir Path dir) throws Exception {
        SandboxSpec spec = new SandboxSpec("d1-abc", "host-1", 100123, 100123, List.of("node", "server.js"),
                Map.of("PORT", "5000"), "/app", List.of(SandboxSpec.Bind.writable(Path.of("/srv/app"), "/app")),
                64L << 20, new SandboxSpec.Limits(1L << 30, 256, 1024), true);
        OciBundle.write(dir, spec, "/var/run/netns/d1-abc");
        JsonNode c = JSON.readTree(dir.resolve("config.json").toFile());
        JsonNode p = c.path("process");
        assertEquals(100123, p.path("user").path("uid").asInt());
        assertTrue(p.path("noNewPrivileges").asBoolean());
        for (String set : List.of("bounding", "effective", "inheritable", "permitted", "ambient")) {
            assertEquals(0, p.path("capabilities").path(set).size(), set);
        }
        // the command runs under the signal-passing init
        assertEquals("/bin/bash", p.path("args").get(0).asText());
        assertEquals("server.js", p.path("args").get(p.path("args").size() - 1).asText());
        assertTrue(c.path("root").path("readonly").asBoolean());
        assertEquals("host-1", c.path("hostname").asText());
        JsonNode linux = c.path("linux");
        assertEquals("/slipway/d1-abc", linux.path("cgroupsPath").asText());
        assertEquals(1L << 30, linux.path("resources").path("memory").path("limit").asLong());
        assertEquals(1L << 30, linux.path("resources").path("memory").path("swap").asLong());
        assertEquals(256, linux.path("resources").path("pids").path("limit").asInt());
        assertEquals("/var/run/netns/d1-abc", linux.path("namespaces").get(4).path("path").asText());
        assertTrue(linux.path("seccomp").path("syscalls").toString().contains("\"unshare\""));
        assertTrue(c.path("mounts").toString().contains("\"/usr\""));
        for (JsonNode m : c.path("mounts")) {
            String destination = m.path("destination").asText();
            if (destination.equals("/usr") || destination.equals("/etc")) {
                assertTrue(m.path("options").toString().contains("\"ro\""), m.toString());
            }
            if (destination.equals("/app")) {
                assertTrue(m.path("options").toString().contains("\"rw\""), m.toString());
            }
        }
        // runc gives the tmpfs the mode of this directory
        assertEquals(01777, (int) Files.getAttribute(dir.resolve("rootfs/tmp"), "unix:mode") & 07777);
        assertEquals(Path.of("usr/bin"), Files.readSymbolicLink(dir.resolve("rootfs/bin")));
    }

    @Test
    void aSpecRefusesRootAndPathsOutOfReach() {
        SandboxSpec.Limits limits = new SandboxSpec.Limits(64L << 20, 16, 512);
        assertThrows(IllegalArgumentException.class, () -> new SandboxSpec("a1", "h", 0, 100, List.of("true"), Map.of(),
                "/", List.of(), 1024, limits, false));
        assertThrows(IllegalArgumentException.class, () -> new SandboxSpec("../x", "h", 100, 100, List.of("true"),
                Map.of(), "/", List.of(), 1024, limits, false));
        assertThrows(IllegalArgumentException.class, () -> SandboxSpec.Bind.readOnly(Path.of("/srv"), "/app/../etc"));
        assertThrows(IllegalArgumentException.class, () -> SandboxSpec.Bind.readOnly(Path.of("relative"), "/app"));
    }

    @Test
    void thePoolHandsOutSlash30sWithShortInterfaceNames(@TempDir Path state) {
        AddressPool pool = new AddressPool("10.213.7.9/16", state);
        assertEquals("10.213.0.0/16", pool.cidr());
        AddressPool.Slot first = pool.slot(0);
        assertEquals("10.213.0.1", first.hostAddress());
        assertEquals("10.213.0.2", first.sandboxAddress());
        AddressPool.Slot later = pool.slot(16383);
        assertEquals("10.213.255.253", later.hostAddress());
        assertEquals("10.213.255.254", later.sandboxAddress());
        // Linux interface names are at most 15 characters
        assertTrue(later.hostInterface().length() <= 15, later.hostInterface());
        assertTrue(later.hostInterface().startsWith(NetworkRules.INTERFACE_PREFIX));
        assertThrows(IllegalArgumentException.class, () -> new AddressPool("10.0.0.0/8", state));
        assertThrows(IllegalArgumentException.class, () -> new AddressPool("10.0.0.300/16", state));
    }
}
