package dev.slipway.kit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Real: InternalAuth's decisions (which paths need the credential, which credential passes).
 * Faked: nothing; the refusal over real HTTP is tested in git-gateway's GitAccessTest and
 * builder-service's BuildFlowTest, where the filter sits in front of real /internal/ resources.
 */
class InternalAuthTest {
    @Test
    void everyInternalPathButTheGitHookNeedsTheCredential() {
        assertTrue(InternalAuth.needsCredential("/internal"));
        assertTrue(InternalAuth.needsCredential("/internal/"));
        assertTrue(InternalAuth.needsCredential("/internal/slugs/abc"));
        assertTrue(InternalAuth.needsCredential("/internal/pushes/1/source"));
        assertFalse(InternalAuth.needsCredential("/internal/hooks/pre-receive"), "the hook has its per-push token");
        assertFalse(InternalAuth.needsCredential("/internals"));
        assertFalse(InternalAuth.needsCredential("/apps/internal/x"));
        assertFalse(InternalAuth.needsCredential("/"));
    }

    @Test
    void onlyTheExactSecretPasses() {
        InternalAuth auth = new InternalAuth(Optional.of("s3cret"));
        assertTrue(auth.accepts("s3cret"));
        assertFalse(auth.accepts(null));
        assertFalse(auth.accepts(""));
        assertFalse(auth.accepts("s3cre"));
        assertFalse(auth.accepts("s3cret "));
    }

    @Test
    void withoutAConfiguredSecretNothingPasses() {
        assertFalse(new InternalAuth(Optional.empty()).accepts(""));
        assertFalse(new InternalAuth(Optional.of(" ")).accepts(" "));
    }
}
