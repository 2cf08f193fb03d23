package dev.slipway.builder.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pure unit test of the layer store and the layer declarations on temp dirs: nothing is faked. */
class LayerStoreTest {
    private static final long LIMIT = 1 << 20;

    @TempDir
    Path tmp;

    @Test
    void aLayerIsStoredOnceUnderTheSha256OfItsTar() throws Exception {
        LayerStore store = new LayerStore(tmp.resolve("layers"));
        LayerStore.Stored first = store.store(runtime(tmp.resolve("a")), tmp.resolve("index/app1"), LIMIT);
        assertTrue(first.packed());
        Path file = store.file(first.id());
        assertEquals(first.id(), sha256(file));
        assertEquals(Files.size(file), first.sizeBytes());
        // a plain tar, names relative to the tree, owner and times fixed
        try (TarArchiveInputStream tar = new TarArchiveInputStream(Files.newInputStream(file))) {
            TarArchiveEntry entry = tar.getNextEntry();
            assertEquals("bin/", entry.getName());
            assertEquals(0, entry.getLongUserId());
            assertEquals(0, entry.getLastModifiedTime().toMillis());
        }
        // another app with the same runtime packs it too, and gets the same layer
        LayerStore.Stored other = store.store(runtime(tmp.resolve("b")), tmp.resolve("index/app2"), LIMIT);
        assertEquals(first.id(), other.id());
        try (var files = Files.list(tmp.resolve("layers"))) {
            assertEquals(List.of(first.id() + ".tar"), files.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void anUnchangedTreeIsNotPackedAgainAndAChangedOneIs() throws Exception {
        LayerStore store = new LayerStore(tmp.resolve("layers"));
        Path tree = runtime(tmp.resolve("a"));
        LayerStore.Stored first = store.store(tree, tmp.resolve("index/app1"), LIMIT);
        LayerStore.Stored again = store.store(tree, tmp.resolve("index/app1"), LIMIT);
        assertFalse(again.packed());
        assertEquals(first.id(), again.id());
        Files.writeString(tree.resolve("bin/node"), "#!/bin/sh\necho v24\n");
        LayerStore.Stored changed = store.store(tree, tmp.resolve("index/app1"), LIMIT);
        assertTrue(changed.packed());
        assertNotEquals(first.id(), changed.id());
        assertEquals(changed.id(), sha256(store.file(changed.id())));
    }

    @Test
    void aForgedFingerprintFoolsOnlyTheAppThatForgedIt() throws Exception {
        LayerStore store = new LayerStore(tmp.resolve("layers"));
        // app1 stores a runtime, then changes its bytes keeping size and time: its own index still maps
        // the tree to what it stored before (its own problem), ...
        Path forged = runtime(tmp.resolve("a"));
        LayerStore.Stored genuine = store.store(forged, tmp.resolve("index/app1"), LIMIT);
        FileTime time = Files.getLastModifiedTime(forged.resolve("bin/node"));
        Files.writeString(forged.resolve("bin/node"), "#!/bin/sh\necho EVL\n");
        Files.setLastModifiedTime(forged.resolve("bin/node"), time);
        assertEquals(genuine.id(), store.store(forged, tmp.resolve("index/app1"), LIMIT).id());
        // ... while app2, with the very same names, sizes and times, gets the hash of its own bytes
        LayerStore.Stored theirs = store.store(forged, tmp.resolve("index/app2"), LIMIT);
        assertTrue(theirs.packed());
        assertNotEquals(genuine.id(), theirs.id());
        assertEquals(theirs.id(), sha256(store.file(theirs.id())));
    }

    @Test
    void onlyAStoredSha256IsALayer() throws Exception {
        LayerStore store = new LayerStore(tmp.resolve("layers"));
        String id = store.store(runtime(tmp.resolve("a")), tmp.resolve("index/app1"), LIMIT).id();
        assertNull(store.file("../layers/" + id));
        assertNull(store.file(id.toUpperCase()));
        assertNull(store.file("0".repeat(64)));
        assertNull(store.file(null));
    }

    @Test
    void aLayerOverTheLimitIsRefusedAndLeavesNothing() throws Exception {
        LayerStore store = new LayerStore(tmp.resolve("layers"));
        Path tree = runtime(tmp.resolve("a"));
        Files.write(tree.resolve("bin/big"), new byte[20_000]);
        assertThrows(SlugArchive.TooLarge.class, () -> store.store(tree, tmp.resolve("index/app1"), 10_000));
        try (var files = Files.list(tmp.resolve("layers"))) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void declarationsArePlainRelativePathsThatDoNotOverlap() throws Exception {
        RuntimeLayers layers = new RuntimeLayers();
        layers.declare("nodejs", ".heroku/node", tmp.resolve("cache"));
        layers.declare("nodejs", ".heroku/node", tmp.resolve("cache"));
        layers.declare("nodejs", "# a comment", tmp.resolve("cache"));
        layers.declare("java", ".jdk", tmp.resolve("cache"));
        assertEquals(List.of(".heroku/node", ".jdk"), layers.declared());
        for (String bad : List.of("/usr/lib/node", "../other-app", ".heroku/../..", "a/./b", "a//b", "node\u0000x")) {
            BuildFailure e = assertThrows(BuildFailure.class, () -> layers.declare("custom", bad, tmp.resolve("cache")), bad);
            assertTrue(e.getMessage().contains("not a relative path of plain names"), e.getMessage());
        }
        for (String bad : List.of(".x ../../other-app", ".x /etc", ".x a b")) {
            assertThrows(BuildFailure.class, () -> layers.declare("custom", bad, tmp.resolve("cache")), bad);
        }
        assertTrue(assertThrows(BuildFailure.class, () -> layers.declare("custom", ".heroku", tmp.resolve("cache")))
                .getMessage().contains("overlaps the layer \".heroku/node\""));
        assertTrue(assertThrows(BuildFailure.class, () -> layers.declare("custom", ".heroku/node/bin", tmp.resolve("cache")))
                .getMessage().contains("overlaps"));
        layers.declare("custom", "a", tmp.resolve("cache"));
        layers.declare("custom", "b", tmp.resolve("cache"));
        assertTrue(assertThrows(BuildFailure.class, () -> layers.declare("custom", "c", tmp.resolve("cache"))).getMessage().contains("4 layers"));
    }

    @Test
    void aSplitMovesTheRuntimeOutAndLeavesItsMountPoint() throws Exception {
        Path app = Files.createDirectories(tmp.resolve("app"));
        Files.writeString(app.resolve("server.js"), "x");
        runtime(app.resolve(".heroku/node"));
        RuntimeLayers layers = new RuntimeLayers();
        layers.declare("nodejs", ".heroku/node", tmp.resolve("cache"));
        List<RuntimeLayers.Split> splits = layers.split(app, tmp.resolve("split"));
        assertEquals(1, splits.size());
        assertEquals("/app/.heroku/node", splits.get(0).mount());
        assertTrue(Files.isRegularFile(splits.get(0).tree().resolve("bin/node")));
        try (var left = Files.list(app.resolve(".heroku/node"))) {
            assertEquals(0, left.count());
        }
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(app.resolve(".heroku/node"))));
    }

    @Test
    void aDeclaredLayerBehindALinkIsRefusedNotFollowed() throws Exception {
        Path app = Files.createDirectories(tmp.resolve("app"));
        Path outside = runtime(tmp.resolve("outside"));
        Files.createSymbolicLink(app.resolve(".jdk"), outside);
        RuntimeLayers layers = new RuntimeLayers();
        layers.declare("java", ".jdk", tmp.resolve("cache"));
        BuildFailure e = assertThrows(BuildFailure.class, () -> layers.split(app, tmp.resolve("split")));
        assertTrue(e.getMessage().contains("not a directory of the app"), e.getMessage());
        assertTrue(Files.isRegularFile(outside.resolve("bin/node")));
    }

    @Test
    void aLayerFromTheCacheIsUsedInPlaceAndTheSlugKeepsItsMountPoint() throws Exception {
        Path app = Files.createDirectories(tmp.resolve("app"));
        Path cache = Files.createDirectories(tmp.resolve("cache"));
        Path home = runtime(cache.resolve("node-home"));
        RuntimeLayers layers = new RuntimeLayers();
        layers.declare("nodejs", ".heroku/node node-home", cache);
        List<RuntimeLayers.Split> splits = layers.split(app, tmp.resolve("split"));
        assertEquals(List.of(new RuntimeLayers.Split("/app/.heroku/node", home)), splits);
        assertTrue(Files.isRegularFile(home.resolve("bin/node")), "the cache keeps it for the next build");
        try (var left = Files.list(app.resolve(".heroku/node"))) {
            assertEquals(0, left.count());
        }
        // the app may not hide files under the mount, nor make the cache's copy a link out of it
        Files.writeString(app.resolve(".heroku/node/hidden"), "x");
        assertTrue(assertThrows(BuildFailure.class, () -> layers.split(app, tmp.resolve("split")))
                .getMessage().contains("the app has files there too"));
        Files.delete(app.resolve(".heroku/node/hidden"));
        Path elsewhere = runtime(tmp.resolve("elsewhere"));
        FileTrees.delete(home);
        Files.createSymbolicLink(home, elsewhere);
        assertTrue(assertThrows(BuildFailure.class, () -> layers.split(app, tmp.resolve("split")))
                .getMessage().contains("not a directory of the buildpack's cache"));
    }

    private static Path runtime(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("bin"));
        Files.writeString(dir.resolve("bin/node"), "#!/bin/sh\necho v22\n");
        Files.setPosixFilePermissions(dir.resolve("bin/node"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createSymbolicLink(dir.resolve("bin/npm"), Path.of("../lib/npm-cli.js"));
        Files.createDirectories(dir.resolve("lib"));
        Files.writeString(dir.resolve("lib/npm-cli.js"), "console.log(1)");
        return dir;
    }

    private static String sha256(Path file) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            sha.update(in.readAllBytes());
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
