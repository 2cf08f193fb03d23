package dev.slipway.dyno.domain;

import dev.slipway.kit.InternalAuth;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Slugs (and runtime layers' tars) downloaded once per host: to a temp file, checked against their
 * id (the sha256 of the archive), then renamed into place, so a half-written one is never used.
 */
public class SlugCache {
    private static final Pattern SHA256 = Pattern.compile("^[0-9a-f]{64}$");

    private final Path dir;
    private final String suffix;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NORMAL).build();
    private final ConcurrentHashMap<String, Object> locks = new ConcurrentHashMap<>();

    public SlugCache(Path dir) {
        this(dir, ".tgz");
    }

    /** Archives named {@code <sha256><suffix>} in {@code dir}. */
    public SlugCache(Path dir, String suffix) {
        this.dir = dir;
        this.suffix = suffix;
    }

    public Path fetch(String slugId, String url) throws IOException {
        String id = slugId.toLowerCase(Locale.ROOT);
        if (!SHA256.matcher(id).matches()) {
            throw new IOException("slug id is not a sha256: " + slugId);
        }
        Path target = dir.resolve(id + suffix);
        synchronized (locks.computeIfAbsent(id, k -> new Object())) {
            if (Files.isRegularFile(target)) {
                return target;
            }
            Files.createDirectories(dir);
            // the platform's alone: slugs reach a dyno only through the copy unpacked for it
            Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
            Path temp = Files.createTempFile(dir, id, ".part");
            try {
                String actual = download(url, temp);
                if (!actual.equals(id)) {
                    throw new IOException("slug " + id + " downloaded from " + url + " has sha256 " + actual);
                }
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                return target;
            } finally {
                Files.deleteIfExists(temp);
            }
        }
    }

    private String download(String url, Path temp) throws IOException {
        HttpRequest request = InternalAuth.signed(HttpRequest.newBuilder(URI.create(url))).timeout(Duration.ofMinutes(5)).GET().build();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                if (response.statusCode() != 200) {
                    throw new IOException("slug download from " + url + " answered " + response.statusCode());
                }
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                try (OutputStream out = new DigestOutputStream(Files.newOutputStream(temp), sha)) {
                    in.transferTo(out);
                }
                return HexFormat.of().formatHex(sha.digest());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while downloading " + url, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
