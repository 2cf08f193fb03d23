package dev.slipway.devstack;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

/** Random secrets the launcher hands out: the service credential for /internal/, the broker's passwords. */
final class Secrets {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets() {}

    /** 256 random bits as 43 URL-safe characters: safe in a header, an env var and a JAAS string. */
    static String newToken() {
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    /**
     * The token kept in {@code file} (mode 600), made on the first call and reused afterwards: a
     * service's broker password outlives restarts, so the broker's user and the file agree.
     */
    static String readOrCreate(Path file) throws IOException {
        if (Files.exists(file)) {
            String token = Files.readString(file).strip();
            if (token.matches("[A-Za-z0-9_-]{20,}")) {
                return token;
            }
            Files.delete(file); // empty or mangled: make a new one, the launcher re-grants it anyway
        }
        Files.createDirectories(file.getParent());
        String token = newToken();
        // Created with its final permissions, so it is never readable by others, not even briefly.
        try (SeekableByteChannel channel = Files.newByteChannel(file,
                Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
            channel.write(ByteBuffer.wrap((token + "\n").getBytes(StandardCharsets.UTF_8)));
        } catch (FileAlreadyExistsException raced) {
            return Files.readString(file).strip();
        }
        return token;
    }
}
