package dev.slipway.builder.domain;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Reads a file of the app's source the way the builder must: never outside the build dir. A
 * pushed tree is the tenant's, and any symlink in it may point at the platform's own files
 * (the admin key, a password); what the builder reads it may print back in the push output.
 *
 * <p>Links are resolved here, one component at a time and without asking the kernel to follow
 * anything, so a link is read but its target is only touched once it is known to lie inside the
 * tree. A link inside the tree is followed (a {@code Procfile} that links to
 * {@code config/Procfile.prod} works); an absolute target under {@code /app} means the build
 * dir, as it does in the dyno; any other target, or {@code ..} past the top, is refused.
 */
final class SourceFiles {
    /** Hops before a chain of links is called a loop (the kernel's own limit). */
    private static final int MAX_LINKS = 40;
    /** Where the slug lives at run time: an absolute link under it means the build dir. */
    private static final String APP = "/app";

    private SourceFiles() {}

    /** Thrown when a name leads out of the tree; the message says so in the user's words. */
    static final class Escapes extends Exception {
        Escapes(String message) {
            super(message);
        }
    }

    /**
     * The file's text (strict UTF-8), or null when there is no such file. Refused with a build
     * failure when it leads outside the app, is not a regular file, is larger than {@code limit}
     * bytes or is not UTF-8.
     */
    static String readText(Path root, String name, int limit) throws BuildFailure, IOException {
        Path file;
        try {
            file = resolve(root, name);
        } catch (Escapes e) {
            throw new BuildFailure(name + " " + e.getMessage() + ": the builder does not follow links out of the "
                    + "app. Commit the file itself and push again.");
        }
        if (file == null) {
            return null;
        }
        BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!attrs.isRegularFile()) {
            throw new BuildFailure(name + " is not a regular file.");
        }
        byte[] bytes;
        // NOFOLLOW_LINKS: the last component was checked above; O_NOFOLLOW keeps it that way
        try (InputStream in = Files.newInputStream(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            bytes = in.readNBytes(limit + 1);
        }
        if (bytes.length > limit) {
            throw new BuildFailure(name + " is larger than " + limit / 1024 + " KB.");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new BuildFailure(name + " is not valid UTF-8 text.");
        }
    }

    /** Checks that each name, if present, stays inside the tree (a pre-flight for what buildpacks read). */
    static void checkInside(Path root, List<String> names) throws BuildFailure, IOException {
        for (String name : names) {
            try {
                resolve(root, name);
            } catch (Escapes e) {
                throw new BuildFailure(name + " " + e.getMessage() + ": the builder does not follow links out of the "
                        + "app. Commit the file itself and push again.");
            }
        }
    }

    /**
     * The path {@code relative} names inside {@code root}, links resolved within the tree; null
     * when some component does not exist. Never follows a link whose target lies outside.
     */
    static Path resolve(Path root, String relative) throws Escapes, IOException {
        Path top = root.toAbsolutePath().normalize();
        Deque<String> todo = new ArrayDeque<>(List.of(relative.split("/")));
        Path current = top;
        int links = 0;
        String via = null;
        while (!todo.isEmpty()) {
            String part = todo.pop();
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (current.equals(top)) {
                    throw new Escapes(via == null ? "leads outside the app"
                            : "is a symbolic link that leads outside the app (to " + via + ")");
                }
                current = current.getParent();
                continue;
            }
            Path next = current.resolve(part);
            if (!Files.exists(next, LinkOption.NOFOLLOW_LINKS)) {
                return null;
            }
            if (!Files.isSymbolicLink(next)) {
                current = next;
                continue;
            }
            if (++links > MAX_LINKS) {
                throw new Escapes("is a loop of symbolic links");
            }
            String target = Files.readSymbolicLink(next).toString();
            via = target;
            if (target.startsWith("/")) {
                if (!target.equals(APP) && !target.startsWith(APP + "/")) {
                    throw new Escapes("is a symbolic link that leads outside the app (to " + target + ")");
                }
                current = top;
                target = target.substring(APP.length());
            }
            List<String> parts = List.of(target.split("/"));
            for (int i = parts.size() - 1; i >= 0; i--) {
                todo.push(parts.get(i));
            }
        }
        return current;
    }
}
