package dev.slipway.devstack;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One platform per SLIPWAY_HOME: two would share PostgreSQL's and Kafka's data directories. An OS
 * file lock, so it also holds across JVMs and goes away with a killed process.
 */
final class HomeLock implements AutoCloseable {
    private final FileChannel channel;

    private HomeLock(FileChannel channel) {
        this.channel = channel;
    }

    static HomeLock acquire(Path home) throws IOException {
        FileChannel channel = FileChannel.open(home.resolve("run/home.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // held by another platform in this JVM
        }
        if (lock == null) {
            channel.close();
            throw new IllegalStateException("another Slipway platform is running with home " + home);
        }
        return new HomeLock(channel);
    }

    @Override
    public void close() {
        try {
            channel.close(); // releases the lock
        } catch (IOException ignored) {
            // the lock goes with the process anyway
        }
    }
}
