package dev.slipway.kit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/** API keys travel as {@code Bearer KEY} (API) or as the basic-auth password (git); only hashes are kept. */
public final class ApiKeys {
    private ApiKeys() {}

    public static String hash(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The key in an Authorization header, or null when there is none that we understand. */
    public static String fromAuthorization(String header) {
        if (header == null) {
            return null;
        }
        String h = header.trim();
        if (h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String key = h.substring(7).trim();
            return key.isEmpty() ? null : key;
        }
        if (h.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String pair = new String(Base64.getDecoder().decode(h.substring(6).trim()), StandardCharsets.UTF_8);
                int colon = pair.indexOf(':');
                String key = colon < 0 ? pair : pair.substring(colon + 1);
                return key.isEmpty() ? null : key;
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return null;
    }
}
