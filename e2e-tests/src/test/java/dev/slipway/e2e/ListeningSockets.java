package dev.slipway.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Which local addresses listen on a TCP port, read from Linux' {@code /proc/net/tcp} and {@code tcp6}. */
final class ListeningSockets {
    private static final String LISTEN = "0A";

    private ListeningSockets() {}

    /**
     * E.g. {@code [127.0.0.1]} or {@code [0.0.0.0]} (an IPv4-mapped IPv6 socket is named by its IPv4
     * address); IPv6 wildcard and loopback are {@code ::} and {@code ::1}, anything else its hex.
     */
    static List<String> addressesOf(int port) throws IOException {
        List<String> addresses = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path file = Path.of(table);
            if (!Files.exists(file)) {
                continue;
            }
            List<String> lines = Files.readAllLines(file); // one read: the table changes as sockets come and go
            for (String line : lines.subList(1, lines.size())) {
                String[] fields = line.trim().split("\\s+");
                String[] local = fields[1].split(":");
                if (fields[3].equals(LISTEN) && Integer.parseInt(local[1], 16) == port) {
                    addresses.add(name(local[0]));
                }
            }
        }
        return addresses;
    }

    private static String name(String hex) {
        return switch (hex) {
            case "00000000" -> "0.0.0.0";
            case "0100007F" -> "127.0.0.1";
            // the JDK binds IPv4 addresses on an IPv6 socket where it can: ::ffff:a.b.c.d is a.b.c.d
            case "0000000000000000FFFF00000100007F" -> "127.0.0.1";
            case "0000000000000000FFFF000000000000" -> "0.0.0.0";
            case "00000000000000000000000000000000" -> "::";
            case "00000000000000000000000001000000" -> "::1";
            default -> hex;
        };
    }
}
