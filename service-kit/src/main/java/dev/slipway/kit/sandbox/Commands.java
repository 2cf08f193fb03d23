package dev.slipway.kit.sandbox;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the host's tools (runc, ip, nft) to completion: one merged output, a bounded wait. */
final class Commands {
    private static final List<String> SYSTEM_DIRS = List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin",
            "/usr/local/sbin", "/usr/local/bin");

    record Result(int exit, String output) {
        boolean ok() {
            return exit == 0;
        }
    }

    private Commands() {}

    /** The absolute path of a system tool: the sbin directories are often not on a service's PATH. */
    static String find(String tool) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isBlank() && Files.isExecutable(Path.of(dir, tool))) {
                return Path.of(dir, tool).toString();
            }
        }
        for (String dir : SYSTEM_DIRS) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return Path.of(dir, tool).toString();
            }
        }
        return null;
    }

    static Result run(List<String> argv, String stdin) throws IOException {
        return run(new ProcessBuilder(argv).redirectErrorStream(true), stdin);
    }

    /**
     * Runs a tool whose standard output is data (runc's JSON): its warnings on standard error
     * are dropped, never parsed as part of the answer.
     */
    static Result runForData(String... argv) throws IOException {
        return run(new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.DISCARD), null);
    }

    private static Result run(ProcessBuilder builder, String stdin) throws IOException {
        List<String> argv = builder.command();
        Process p = builder.start();
        try {
            try (var in = p.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", argv) + " did not finish within 60 s");
            }
            return new Result(p.exitValue(), out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted while running " + argv.get(0), e);
        }
    }

    static Result run(String... argv) throws IOException {
        return run(List.of(argv), null);
    }

    /** Runs and fails with the tool's own words when it exits non-zero. */
    static String check(List<String> argv, String stdin) throws IOException {
        Result r = run(argv, stdin);
        if (!r.ok()) {
            throw new IOException(String.join(" ", argv) + " exited with " + r.exit() + ": " + r.output());
        }
        return r.output();
    }

    static String check(String... argv) throws IOException {
        return check(List.of(argv), null);
    }
}
