package dev.slipway.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds a dyno's process as the host sees it. A sandboxed dyno has a PID namespace of its own, so
 * the pid the app reports is not the host's; the host's is found by the dyno's environment (its
 * app's id, unique to this platform, and its {@code DYNO} name), as root may read it.
 */
final class DynoProcess {
    private DynoProcess() {}

    /** The host pid of the named dyno's process running {@code command} (e.g. {@code node}). */
    static Optional<Long> hostPid(String appId, String dyno, String command) {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .filter(p -> command.equals(program(read(p.resolve("cmdline")))))
                    .filter(p -> {
                        String env = "\0" + read(p.resolve("environ"));
                        return env.contains("\0HEROKU_APP_ID=" + appId + "\0") && env.contains("\0DYNO=" + dyno + "\0");
                    })
                    .map(p -> Long.parseLong(p.getFileName().toString())).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * The file name of a process's {@code argv[0]}: not its {@code comm}, which Node.js 26 renames
     * to {@code node-MainThread}.
     */
    private static String program(String cmdline) {
        String argv0 = cmdline.split("\0", 2)[0];
        return argv0.substring(argv0.lastIndexOf('/') + 1);
    }

    private static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return "";
        }
    }
}
