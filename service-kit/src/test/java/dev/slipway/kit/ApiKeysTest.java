package dev.slipway.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

// Real: everything; a pure function of its input.
class ApiKeysTest {

    @Test
    void reads_bearer_and_basic_auth() {
        assertEquals("k1", ApiKeys.fromAuthorization("Bearer k1"));
        assertEquals("k1", ApiKeys.fromAuthorization("bearer  k1 "));
        String basic = Base64.getEncoder().encodeToString("user:k2".getBytes(StandardCharsets.UTF_8));
        assertEquals("k2", ApiKeys.fromAuthorization("Basic " + basic));
    }

    @Test
    void refuses_what_it_does_not_understand() {
        assertNull(ApiKeys.fromAuthorization(null));
        assertNull(ApiKeys.fromAuthorization("Bearer "));
        assertNull(ApiKeys.fromAuthorization("Basic !!!notbase64"));
        assertNull(ApiKeys.fromAuthorization("Basic " + Base64.getEncoder().encodeToString("user:".getBytes())));
        assertNull(ApiKeys.fromAuthorization("Token abc"));
    }

    @Test
    void hashes_are_sha256_hex() {
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", ApiKeys.hash("abc"));
    }
}
