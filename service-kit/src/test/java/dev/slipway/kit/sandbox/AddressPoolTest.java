package dev.slipway.kit.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pool's order of hand-out: in turn, so an address just given back is not reused at once. */
class AddressPoolTest {
    @TempDir
    Path state;

    @Test
    void aSlotGivenBackIsTakenAgainOnlyAfterEveryOtherSlot() throws IOException {
        AddressPool pool = new AddressPool("10.254.77.0/28", state);
        assertEquals(0, claim(pool));
        pool.release(0);
        assertEquals(1, claim(pool), "the slot just released waits its turn");
        assertEquals(2, claim(pool));
        assertEquals(3, claim(pool));
        pool.release(1);
        assertEquals(0, claim(pool), "the cursor wraps around");
        assertEquals("10.254.77.5", pool.slot(1).hostAddress());
        assertEquals("10.254.77.6", pool.slot(1).sandboxAddress());
    }

    @Test
    void twoPoolsOnOneStateFolderShareTheCursor() throws IOException {
        assertEquals(0, claim(new AddressPool("10.254.78.0/28", state)));
        assertEquals(1, claim(new AddressPool("10.254.78.0/28", state)), "another platform's pool goes on from there");
    }

    /** The owner has no network namespace, so a claimed slot counts as free again (stale): only the cursor decides. */
    private static int claim(AddressPool pool) throws IOException {
        return pool.claim("no-such-netns-owner", slot -> { }).index();
    }
}
