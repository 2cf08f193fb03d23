package dev.slipway.builder.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Process types as a Procfile and a buildpack's {@code bin/release} declare them. Both parsers
 * are lenient the way Heroku is: a bad line is reported as a warning and skipped, never fatal.
 */
public final class ProcessTypes {
    static final int MAX_COMMAND = 4096;
    static final int MAX_TYPES = 100;
    static final Pattern TYPE = Pattern.compile("^[-\\w]{1,128}$");

    /** What a parser found, in declaration order, plus one warning per line it skipped. */
    public record Parsed(Map<String, String> types, List<String> warnings) {}

    private ProcessTypes() {}

    /** {@code <type>: <command>} lines; blank lines and {@code #} comments are ignored. */
    public static Parsed parseProcfile(String text) {
        Map<String, String> types = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            String type = colon < 0 ? "" : line.substring(0, colon).strip();
            String command = colon < 0 ? "" : line.substring(colon + 1).strip();
            if (!TYPE.matcher(type).matches() || command.isEmpty()) {
                warnings.add("Procfile line " + (i + 1) + " is not `<type>: <command>`, skipped: " + line);
                continue;
            }
            types.put(type, command);
        }
        return new Parsed(types, warnings);
    }

    /**
     * The {@code default_process_types} map of {@code bin/release}'s YAML. Only the shape
     * buildpacks print is understood (a block mapping of scalars, or {@code {}}), which is why a
     * YAML library is not needed; other top-level keys such as {@code addons} are ignored.
     */
    public static Parsed parseRelease(String yaml) {
        Map<String, String> types = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        boolean inDefaults = false;
        for (String raw : yaml.split("\r?\n")) {
            if (raw.isBlank() || raw.strip().startsWith("#") || raw.equals("---")) {
                continue;
            }
            boolean indented = Character.isWhitespace(raw.charAt(0));
            String line = raw.strip();
            if (!indented) {
                inDefaults = line.startsWith("default_process_types:");
                if (inDefaults) {
                    String rest = line.substring("default_process_types:".length()).strip();
                    if (!rest.isEmpty() && !rest.equals("{}") && !rest.equals("~") && !rest.equals("null")) {
                        warnings.add("bin/release: unsupported default_process_types value, ignored: " + rest);
                    }
                }
                continue;
            }
            if (!inDefaults) {
                continue;
            }
            int colon = line.indexOf(':');
            String type = colon < 0 ? "" : unquote(line.substring(0, colon).strip());
            String command = colon < 0 ? "" : unquote(line.substring(colon + 1).strip());
            if (!TYPE.matcher(type).matches() || command.isEmpty()) {
                warnings.add("bin/release: bad default process type line, ignored: " + line);
                continue;
            }
            types.put(type, command);
        }
        return new Parsed(types, warnings);
    }

    /**
     * Why a command cannot be kept, or null when it can: a control character other than tab (a
     * NUL cannot be stored by PostgreSQL at all, and the others have no place in a shell command
     * line); a command over {@link #MAX_COMMAND} characters or more than {@link #MAX_TYPES} types
     * (the slug's event must stay well under Kafka's 1 MB record). {@code origin} names where the
     * types came from, for the message.
     */
    public static String unstorable(String origin, Map<String, String> types) {
        if (types.size() > MAX_TYPES) {
            return origin + " declares " + types.size() + " process types; at most " + MAX_TYPES + " are allowed.";
        }
        for (Map.Entry<String, String> type : types.entrySet()) {
            String command = type.getValue();
            if (command.length() > MAX_COMMAND) {
                return origin + ": the command of process type " + type.getKey() + " is longer than " + MAX_COMMAND
                        + " characters.";
            }
            for (int i = 0; i < command.length(); i++) {
                char c = command.charAt(i);
                if ((c < 0x20 && c != '\t') || c == 0x7f) {
                    return String.format(java.util.Locale.ROOT, "%s: the command of process type %s contains a "
                            + "control character (U+%04X), which is not allowed. Remove it and push again.",
                            origin, type.getKey(), (int) c);
                }
            }
        }
        return null;
    }

    private static String unquote(String s) {
        if (s.length() >= 2 && (s.startsWith("\"") && s.endsWith("\"") || s.startsWith("'") && s.endsWith("'"))) {
            String inner = s.substring(1, s.length() - 1);
            return s.startsWith("'") ? inner.replace("''", "'") : inner.replace("\\\"", "\"").replace("\\\\", "\\");
        }
        return s;
    }
}
