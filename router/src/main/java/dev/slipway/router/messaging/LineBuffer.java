package dev.slipway.router.messaging;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.UUID;

/**
 * A bounded ring of router lines: many threads offer (the edge's event loops), one drains (the
 * shipper's worker). Lock-free: an offer claims a slot with one compare-and-set on the tail,
 * writes it, and publishes it through the slot's sequence number (Vyukov's bounded queue); it
 * never waits, allocates nothing, and a full ring refuses the line. The lines sit in three arrays,
 * not in an object per line.
 */
final class LineBuffer {
    private static final VarHandle SEQUENCE = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle TAIL;

    static {
        try {
            TAIL = MethodHandles.lookup().findVarHandle(LineBuffer.class, "tail", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Receives the drained lines, in the order they were offered. */
    @FunctionalInterface
    interface Sink {
        void accept(UUID appId, long atMicros, String message);
    }

    private final int capacity;
    private final int mask;
    /** Per slot: equal to the position a producer may claim it for; position + 1 once the line is in. */
    private final long[] sequence;
    private final UUID[] apps;
    private final long[] atMicros;
    private final String[] messages;
    @SuppressWarnings("unused") // through TAIL
    private volatile long tail;
    /** The drainer's position; only its thread reads or writes it. */
    private long head;

    /** Holds at least {@code minCapacity} lines (rounded up to a power of two). */
    LineBuffer(int minCapacity) {
        capacity = Math.max(2, Integer.highestOneBit(Math.max(1, minCapacity - 1)) << 1);
        mask = capacity - 1;
        sequence = new long[capacity];
        for (int i = 0; i < capacity; i++) {
            sequence[i] = i;
        }
        apps = new UUID[capacity];
        atMicros = new long[capacity];
        messages = new String[capacity];
    }

    int capacity() {
        return capacity;
    }

    /**
     * Adds a line; any thread. Returns the position it took (0, 1, 2, ... in offer order), or -1
     * when the ring is full and the line was not taken.
     */
    long offer(UUID appId, long at, String message) {
        long position = (long) TAIL.getVolatile(this);
        while (true) {
            int slot = (int) position & mask;
            long seq = (long) SEQUENCE.getAcquire(sequence, slot);
            if (seq == position) {
                if (TAIL.compareAndSet(this, position, position + 1)) {
                    apps[slot] = appId;
                    atMicros[slot] = at;
                    messages[slot] = message;
                    SEQUENCE.setRelease(sequence, slot, position + 1);
                    return position;
                }
                position = (long) TAIL.getVolatile(this);
            } else if (seq < position) {
                return -1; // the slot still holds the line from one lap ago: full
            } else {
                position = (long) TAIL.getVolatile(this); // another producer took it first
            }
        }
    }

    /**
     * Hands up to {@code max} lines, oldest first, to {@code sink} and frees their slots; one thread
     * only. Stops early at a slot a producer has claimed but not filled yet: the next drain gets it.
     * Returns how many lines it handed over.
     */
    int drain(Sink sink, int max) {
        long position = head;
        int drained = 0;
        try {
            while (drained < max) {
                int slot = (int) position & mask;
                if ((long) SEQUENCE.getAcquire(sequence, slot) != position + 1) {
                    return drained;
                }
                UUID appId = apps[slot];
                long at = atMicros[slot];
                String message = messages[slot];
                apps[slot] = null;
                messages[slot] = null;
                SEQUENCE.setRelease(sequence, slot, position + capacity);
                position++;
                drained++;
                sink.accept(appId, at, message);
            }
            return drained;
        } finally {
            head = position; // once per drain: producers share the cache line with tail
        }
    }
}
