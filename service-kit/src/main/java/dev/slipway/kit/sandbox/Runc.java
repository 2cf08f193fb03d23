package dev.slipway.kit.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The runc command line, with a state root of the platform's own ({@code /run/slipway/runc}), so
 * that {@code runc list} shows only sandboxes and a reap never touches another tool's containers.
 */
final class Runc {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String runc;
    private final String root;

    Runc(String runc, Path stateRoot) {
        this.runc = runc;
        this.root = stateRoot.toString();
    }

    /**
     * {@code runc run} in the foreground: runc stays our child until the sandbox's first process
     * exits, hands that process our pipes (no terminal: stdout and stderr are one pipe, stdin is
     * /dev/null) and exits with its status (128 + signal when a signal killed it). Detached would
     * need a pid file, fifos for the output and polling for the exit; the foreground gives all
     * three for free. {@code --keep} leaves the stopped container, so its cgroup's figures (the
     * OOM kill count) can still be read after the exit; {@link #deleteForce} removes it.
     */
    Process run(Path bundle, String id) throws IOException {
        return new ProcessBuilder(runc, "--root", root, "run", "--keep", "--bundle", bundle.toString(), id)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .start();
    }

    /** Signals every process of the sandbox (its cgroup's members), not only its first. */
    boolean killAll(String id, String signal) throws IOException {
        return Commands.run(runc, "--root", root, "kill", "--all", id, signal).ok();
    }

    /** Kills what is left and removes the container's state and cgroups; quiet when already gone. */
    void deleteForce(String id) throws IOException {
        Commands.run(runc, "--root", root, "delete", "--force", id);
    }

    /** The host pid of the sandbox's first process; -1 once it is gone. */
    long pid(String id) throws IOException {
        Commands.Result r = Commands.runForData(runc, "--root", root, "state", id);
        if (!r.ok()) {
            return -1;
        }
        JsonNode state = JSON.readTree(r.output());
        return state.path("pid").asLong(-1);
    }

    /** The ids of the containers this state root knows, starting with the prefix. */
    List<String> list(String prefix) throws IOException {
        Commands.Result r = Commands.runForData(runc, "--root", root, "list", "--format", "json");
        List<String> ids = new ArrayList<>();
        if (!r.ok() || r.output().isBlank()) {
            return ids;
        }
        JsonNode all = JSON.readTree(r.output());
        for (JsonNode c : all) {
            String id = c.path("id").asText();
            if (id.startsWith(prefix)) {
                ids.add(id);
            }
        }
        return ids;
    }
}
