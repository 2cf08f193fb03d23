package dev.slipway.kit.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A sandbox's cgroup as runc made it ({@code /slipway/<id>}): its memory figures, and its
 * directories removed after a crash left them. Reads cgroup v1 (this platform's hosts, hybrid
 * mode) and the unified v2 hierarchy.
 */
final class Cgroups {
    static final String PARENT = "slipway";
    private static final Path ROOT = Path.of("/sys/fs/cgroup");

    private Cgroups() {}

    static String path(String id) {
        return "/" + PARENT + "/" + id;
    }

    static boolean unified() {
        return Files.exists(ROOT.resolve("cgroup.controllers"));
    }

    /** Bytes the sandbox's processes use now (page cache included, as the limit counts it); -1 if gone. */
    static long memoryUsage(String id) {
        return unified() ? readLong(ROOT.resolve(PARENT).resolve(id).resolve("memory.current"))
                : readLong(ROOT.resolve("memory").resolve(PARENT).resolve(id).resolve("memory.usage_in_bytes"));
    }

    /**
     * CPU time the sandbox's processes used so far, in microseconds ({@code cpu.stat}'s
     * {@code usage_usec} on v2, {@code cpuacct.usage} nanoseconds on v1); -1 if gone.
     */
    static long cpuUsageMicros(String id) {
        if (!unified()) {
            long nanos = readLong(ROOT.resolve("cpuacct").resolve(PARENT).resolve(id).resolve("cpuacct.usage"));
            return nanos < 0 ? -1 : nanos / 1_000;
        }
        try {
            for (String line : Files.readAllLines(ROOT.resolve(PARENT).resolve(id).resolve("cpu.stat"))) {
                if (line.startsWith("usage_usec ")) {
                    return Long.parseLong(line.substring("usage_usec ".length()).trim());
                }
            }
        } catch (IOException | NumberFormatException e) {
            // gone with its sandbox
        }
        return -1;
    }

    /** The highest usage so far (v1 only; v2 before 5.19 has no peak); -1 if unknown. */
    static long memoryPeak(String id) {
        return unified() ? readLong(ROOT.resolve(PARENT).resolve(id).resolve("memory.peak"))
                : readLong(ROOT.resolve("memory").resolve(PARENT).resolve(id).resolve("memory.max_usage_in_bytes"));
    }

    /** Processes the kernel killed for reaching the memory limit; 0 when the cgroup is gone. */
    static long oomKills(String id) {
        Path file = unified() ? ROOT.resolve(PARENT).resolve(id).resolve("memory.events")
                : ROOT.resolve("memory").resolve(PARENT).resolve(id).resolve("memory.oom_control");
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith("oom_kill ")) {
                    return Long.parseLong(line.substring("oom_kill ".length()).trim());
                }
            }
        } catch (IOException | NumberFormatException e) {
            // gone with its sandbox
        }
        return 0;
    }

    /** Every cgroup directory of a sandbox whose id starts with the prefix, deepest first. */
    static List<Path> directories(String idPrefix) {
        List<Path> found = new ArrayList<>();
        List<Path> parents = new ArrayList<>();
        if (unified()) {
            parents.add(ROOT.resolve(PARENT));
        } else {
            try (Stream<Path> controllers = Files.list(ROOT)) {
                controllers.map(c -> c.resolve(PARENT)).forEach(parents::add);
            } catch (IOException e) {
                return found;
            }
        }
        for (Path parent : parents) {
            if (!Files.isDirectory(parent)) {
                continue;
            }
            try (Stream<Path> children = Files.list(parent)) {
                children.filter(Files::isDirectory)
                        .filter(d -> d.getFileName().toString().startsWith(idPrefix)).forEach(found::add);
            } catch (IOException e) {
                // a controller we may not read: nothing of ours there
            }
        }
        return found;
    }

    /** Removes a cgroup directory (an empty cgroup is removed with rmdir, not by deleting its files). */
    static void remove(Path dir) {
        try (Stream<Path> nested = Files.list(dir)) {
            nested.filter(Files::isDirectory).forEach(Cgroups::remove);
        } catch (IOException e) {
            // already gone
        }
        try {
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // still has processes, or gone: the next reap tries again
        }
    }

    private static long readLong(Path file) {
        try {
            return Long.parseLong(Files.readString(file).trim());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }
}
