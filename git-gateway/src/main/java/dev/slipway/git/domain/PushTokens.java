package dev.slipway.git.domain;

import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Secrets handed to one receive-pack process through its environment; the hook shows one back to
 * prove it runs for that push. A token lives exactly as long as its receive-pack.
 */
@ApplicationScoped
public class PushTokens {
    private final SecureRandom random = new SecureRandom();
    private final Map<String, PushGrant> grants = new ConcurrentHashMap<>();

    public String issue(PushGrant grant) {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        String token = HexFormat.of().formatHex(bytes);
        grants.put(token, grant);
        return token;
    }

    public PushGrant find(String token) {
        return token == null ? null : grants.get(token);
    }

    public void revoke(String token) {
        grants.remove(token);
    }
}
