package dev.slipway.e2e;

import dev.slipway.devstack.ServiceModule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * When a step fails, the end of every service's log goes to the test's output: the platform's
 * home is a temporary folder, gone with the test class, and CI keeps only what the build printed.
 */
final class ServiceLogsOnFailure implements TestWatcher {
    private static final int LINES = 60;

    private final Supplier<Slipway> slipway;

    ServiceLogsOnFailure(Supplier<Slipway> slipway) {
        this.slipway = slipway;
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        Slipway running = slipway.get();
        if (running == null) {
            return;
        }
        StringBuilder out = new StringBuilder("== service logs after the failure of ")
                .append(context.getDisplayName()).append('\n');
        for (ServiceModule service : ServiceModule.values()) {
            out.append("-- last ").append(LINES).append(" lines of ").append(service.module()).append('\n');
            tail(running.logFile(service), out);
        }
        System.err.print(out);
    }

    private static void tail(Path log, StringBuilder out) {
        try {
            List<String> lines = Files.readAllLines(log);
            lines.subList(Math.max(0, lines.size() - LINES), lines.size()).forEach(l -> out.append(l).append('\n'));
        } catch (IOException e) {
            out.append("(unreadable: ").append(e).append(")\n");
        }
    }
}
