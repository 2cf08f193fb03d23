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

/**
 * The platform's admin API key: generated on the first start, kept in {@code $SLIPWAY_HOME/api-key}
 * (readable by its owner only) and reused afterwards, so a user's saved key keeps working.
 */
final class AdminApiKey {
    private AdminApiKey() {}

    static String readOrCreate(Path file) throws IOException {
        if (Files.exists(file)) {
            String key = Files.readString(file).strip();
            if (!key.isEmpty()) {
                return key;
            }
            Files.delete(file);
        }
        byte[] random = new byte[30]; // 40 characters of URL-safe base64
        new SecureRandom().nextBytes(random);
        String key = "slw_" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        // Created with its final permissions, so the key is never readable by others, not even briefly.
        try (SeekableByteChannel channel = Files.newByteChannel(file,
                java.util.Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
            channel.write(ByteBuffer.wrap((key + "\n").getBytes(StandardCharsets.UTF_8)));
        } catch (FileAlreadyExistsException raced) {
            return Files.readString(file).strip();
        }
        return key;
    }
}
