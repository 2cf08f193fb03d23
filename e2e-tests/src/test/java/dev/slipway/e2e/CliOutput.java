package dev.slipway.e2e;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Reading what the heroku CLI printed: its lines, its dyno list, and how it refuses a command. */
final class CliOutput {
    private static final Pattern STACK_FRAME = Pattern.compile("^\\s+at .+\\(.+:\\d+:\\d+\\)$", Pattern.MULTILINE);

    private CliOutput() {}

    /** A refused command: non-zero exit, the message said, and no stack trace for the user. */
    static void assertCliError(Shell.Result result, String message) {
        assertNotEquals(0, result.exitCode(), result.output());
        // the CLI wraps a long message at 80 columns, indenting the next line: read it as one line
        String unwrapped = result.output().replaceAll("\\s*\\R\\s*", " ");
        assertTrue(unwrapped.contains(message), "expected '" + message + "' in:\n" + result.output());
        assertFalse(STACK_FRAME.matcher(result.output()).find(), "a stack trace reached the user:\n" + result.output());
        assertFalse(result.output().contains("Internal Server Error") || result.output().contains("HTTP Error 500"),
                result.output());
    }

    static String state(JsonNode dynos, String name) {
        return field(dynos, name, "state");
    }

    /** A field of the dyno named {@code name} that is up or on its way (a stopped one may linger in the list). */
    static String field(JsonNode dynos, String name, String field) {
        String found = "";
        for (JsonNode dyno : dynos) {
            if (dyno.path("name").asText().equals(name)) {
                found = dyno.path(field).asText();
                if (dyno.path("state").asText().equals("up")) {
                    return found;
                }
            }
        }
        return found;
    }

    static List<String> nonEmptyLines(String output) {
        List<String> lines = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (!line.isBlank()) {
                lines.add(line);
            }
        }
        return lines;
    }

    /** What a background CLI run has written to {@code file} so far. */
    static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }
}
