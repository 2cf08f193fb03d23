package dev.slipway.devstack;

import java.security.SecureRandom;
import java.util.Base64;

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
}
