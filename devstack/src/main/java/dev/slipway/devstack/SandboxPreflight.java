package dev.slipway.devstack;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What {@code ./slipway up} says about dyno isolation before it starts anything: dynos run in
 * sandboxes (runc, network namespaces, nftables, as root), or they will not start, or the operator
 * opted out with {@value #OPT_OUT}. dyno-manager decides for itself with the same checks (the
 * kit's {@code Sandboxes.unavailable()}, which this module cannot depend on); this is the plain
 * word to the person at the terminal.
 */
final class SandboxPreflight {
    static final String OPT_OUT = "SLIPWAY_UNSAFE_UNSANDBOXED";
    private static final List<String> SYSTEM_DIRS = List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin");

    private SandboxPreflight() {}

    /** One message for the console: a plain line when all is well, a loud one when it is not. */
    static String message() {
        Optional<String> problem = problem();
        boolean optedOut = "true".equalsIgnoreCase(System.getenv().getOrDefault(OPT_OUT, "").trim());
        if (problem.isEmpty()) {
            return "Dynos and builds run in sandboxes (runc: namespaces, an unprivileged uid per app, cgroup limits, network walls).";
        }
        if (optedOut) {
            return "WARNING: dynos and builds run UNSANDBOXED (" + OPT_OUT + "=true): " + problem.get() + ". Any app can read "
                    + "the platform's secrets and reach its ports.";
        }
        return "WARNING: dynos will NOT start and builds will fail: the platform cannot sandbox them: " + problem.get() + ". Fix that, or set "
                + OPT_OUT + "=true to run them as plain processes (unsafe).";
    }

    static Optional<String> problem() {
        if (!System.getProperty("os.name", "").toLowerCase().contains("linux")) {
            return Optional.of("sandboxes need Linux");
        }
        if (!root()) {
            return Optional.of("Slipway is not running as root (runc needs root for namespaces, cgroups and veths)");
        }
        for (String tool : List.of("runc", "ip", "nft")) {
            if (find(tool) == null) {
                return Optional.of(tool + " is not installed (Debian: apt-get install runc iproute2 nftables)");
            }
        }
        return Optional.empty();
    }

    private static boolean root() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return "0".equals(line.split("\\s+")[2]);
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    private static String find(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isBlank() && Files.isExecutable(Path.of(dir, tool))) {
                return dir;
            }
        }
        return SYSTEM_DIRS.stream().filter(d -> Files.isExecutable(Path.of(d, tool))).findFirst().orElse(null);
    }
}
