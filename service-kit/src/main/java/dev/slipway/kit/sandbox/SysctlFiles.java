package dev.slipway.kit.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Kernel settings written through /proc/sys, without a sysctl process. */
final class SysctlFiles {
    private SysctlFiles() {}

    static void write(String file, String value) throws IOException {
        Path path = Path.of(file);
        if (value.equals(read(path))) {
            return;
        }
        Files.writeString(path, value);
    }

    /** Writes when the setting exists (IPv6 may be compiled out); false when it does not. */
    static boolean writeIfPresent(String file, String value) throws IOException {
        if (!Files.exists(Path.of(file))) {
            return false;
        }
        write(file, value);
        return true;
    }

    private static String read(Path path) {
        try {
            return Files.readString(path).trim();
        } catch (IOException e) {
            return null;
        }
    }
}
