package dev.slipway.router.domain;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** Heroku's X-Request-Id rule: keep the client's if it is 20-200 of [A-Za-z0-9+/=-], else make one. */
public final class RequestIds {

    private RequestIds() {}

    public static String keepOrGenerate(String fromClient) {
        return isValid(fromClient) ? fromClient : generate();
    }

    public static boolean isValid(String id) {
        if (id == null || id.length() < 20 || id.length() > 200) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '+' || c == '/' || c == '=' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** A version-4 UUID from ThreadLocalRandom: unique enough for tracing, without SecureRandom's lock. */
    public static String generate() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long msb = (r.nextLong() & ~0xF000L) | 0x4000L;
        long lsb = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }
}
