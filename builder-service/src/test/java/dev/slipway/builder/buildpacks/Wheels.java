package dev.slipway.builder.buildpacks;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDateTime;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Pure-Python wheels made by hand (a wheel is a zip with a dist-info): PyPI is not reachable here. */
final class Wheels {
    private Wheels() {}

    /** Writes {@code <dir>/<name>-<version>-py3-none-any.whl} with a module {@code name} whose {@code GREETING} says who it is. */
    static Path write(Path dir, String name, String version) {
        String distInfo = name + "-" + version + ".dist-info/";
        Map<String, String> files = new LinkedHashMap<>();
        files.put(name + "/__init__.py", "GREETING = \"hello from " + name + " " + version + "\"\n");
        files.put(distInfo + "METADATA", "Metadata-Version: 2.1\nName: " + name.replace('_', '-') + "\nVersion: " + version + "\n");
        files.put(distInfo + "WHEEL", "Wheel-Version: 1.0\nGenerator: hand\nRoot-Is-Purelib: true\nTag: py3-none-any\n");
        StringBuilder record = new StringBuilder();
        files.forEach((path, text) -> record.append(path).append(",sha256=").append(digest(text)).append(',')
                .append(text.getBytes(StandardCharsets.UTF_8).length).append('\n'));
        files.put(distInfo + "RECORD", record.append(distInfo).append("RECORD,,\n").toString());
        try {
            Files.createDirectories(dir);
            Path wheel = dir.resolve(name + "-" + version + "-py3-none-any.whl");
            try (OutputStream out = Files.newOutputStream(wheel); ZipOutputStream zip = new ZipOutputStream(out)) {
                for (Map.Entry<String, String> file : files.entrySet()) {
                    ZipEntry entry = new ZipEntry(file.getKey());
                    entry.setTimeLocal(LocalDateTime.of(2026, 1, 1, 0, 0)); // the same wheel, byte for byte, each time
                    zip.putNextEntry(entry);
                    zip.write(file.getValue().getBytes(StandardCharsets.UTF_8));
                    zip.closeEntry();
                }
            }
            return wheel;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String digest(String text) {
        try {
            byte[] sha = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(sha);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
