package dev.slipway.e2e;

import dev.slipway.devstack.ServiceModule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * When a step fails, each service's log goes to the test's output: its last lines, and the
 * warnings and errors before them, which a busy log pushes out of the tail. The platform's home
 * is a temporary folder, gone with the platform, and CI keeps only what the build printed.
 * {@link TestPlatform} prints them for every IT (each runs on a platform it declares).
 */
final class ServiceLogsOnFailure {
    private static final int LINES = 60;

    private ServiceLogsOnFailure() {}

    /** Prints the logs of {@code running} (described as {@code which}, e.g. "the shared platform") after {@code failed}. */
    static void print(Slipway running, String which, String failed) {
        StringBuilder out = new StringBuilder("== service logs of ").append(which).append(" (")
                .append(running.platform().logsDir()).append(") after the failure of ").append(failed).append('\n');
        for (ServiceModule service : ServiceModule.values()) {
            appendLog(service.module(), running.logFile(service), out);
        }
        System.err.print(out);
    }

    private static void appendLog(String service, Path log, StringBuilder out) {
        List<String> lines;
        try {
            lines = Files.readAllLines(log);
        } catch (IOException e) {
            out.append("-- ").append(service).append(": unreadable, ").append(e).append('\n');
            return;
        }
        int tailStart = Math.max(0, lines.size() - LINES);
        List<String> faults = lines.subList(0, tailStart).stream()
                .filter(l -> l.contains(" WARN ") || l.contains(" ERROR ")).toList();
        out.append("-- ").append(service).append(": WARN and ERROR lines before the last ").append(LINES).append('\n');
        last(faults, out);
        out.append("-- ").append(service).append(": the last ").append(LINES).append(" lines\n");
        last(lines, out);
    }

    private static void last(List<String> lines, StringBuilder out) {
        lines.subList(Math.max(0, lines.size() - LINES), lines.size()).forEach(l -> out.append(l).append('\n'));
    }
}
