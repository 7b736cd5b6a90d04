package io.jevent.internal;

import java.util.Arrays;

/**
 * The io_uring backend's table of watches: each watch gets a slot, a small number that a poll's
 * 64-bit user data carries back from the kernel, so that a completion finds its watch by an array
 * index, without boxing or a map. Beside the watch, a slot holds the user data of the watch's poll
 * in the ring (0 when none) and a generation counter that makes every new poll's user data
 * different from all earlier ones of the slot: a completion counts only if its user data is the
 * slot's current request, so those of removed or replaced polls, and of a slot since given to
 * another watch, are recognised and dropped.
 *
 * <p>Also the list of slots whose poll must be armed, changed or removed at the next submission.
 * Not thread-safe: the loop thread, or the holder of the loop's lock.
 */
final class WatchSlots {
    private static final int FIRST = 64;

    private Watch[] watches = new Watch[FIRST];
    private long[] requests = new long[FIRST];
    private int[] generations = new int[FIRST];
    private boolean[] multishot = new boolean[FIRST];
    private boolean[] dirty = new boolean[FIRST];
    private int[] dirtyList = new int[FIRST];
    private int dirtyCount;
    private int[] freeList = new int[FIRST];
    private int freeCount;
    private int highWater;

    /** Gives {@code watch} a slot, recorded in {@code watch.slot}. */
    void allocate(Watch watch) {
        int slot;
        if (freeCount > 0) {
            slot = freeList[--freeCount];
        } else {
            if (highWater == watches.length) {
                grow();
            }
            slot = highWater++;
        }
        watches[slot] = watch;
        requests[slot] = 0;
        watch.slot = slot;
    }

    private void grow() {
        int n = watches.length * 2;
        watches = Arrays.copyOf(watches, n);
        requests = Arrays.copyOf(requests, n);
        generations = Arrays.copyOf(generations, n);
        multishot = Arrays.copyOf(multishot, n);
        dirty = Arrays.copyOf(dirty, n);
        dirtyList = Arrays.copyOf(dirtyList, n);
        freeList = Arrays.copyOf(freeList, n);
    }

    /**
     * Frees a slot.
     *
     * @return the user data of its poll still in the ring, which the caller must remove; or 0
     */
    long free(int slot) {
        long request = requests[slot];
        watches[slot] = null;
        requests[slot] = 0;
        freeList[freeCount++] = slot;
        return request;
    }

    /** The slots ever handed out: every slot in use is below this. */
    int highWater() {
        return highWater;
    }

    /** The watch in {@code slot}, or null if it is free. */
    Watch watch(int slot) {
        return watches[slot];
    }

    /** The user data of the slot's poll in the ring, or 0; 0 as well for a number that is no slot. */
    long request(int slot) {
        return slot >= 0 && slot < highWater ? requests[slot] : 0;
    }

    /** Whether the slot's poll in the ring is multishot. */
    boolean multishot(int slot) {
        return multishot[slot];
    }

    /** Records a new poll for the slot and returns its user data: the slot, and a new generation above it. */
    long newRequest(int slot, boolean multi) {
        int generation = (generations[slot] + 1) & 0x7fff_ffff;
        if (generation == 0) {
            generation = 1;
        }
        generations[slot] = generation;
        long request = ((long) generation << 32) | slot;
        requests[slot] = request;
        multishot[slot] = multi;
        return request;
    }

    /** The slot's poll completed for good: nothing of it is left in the ring. */
    void requestEnded(int slot) {
        requests[slot] = 0;
    }

    /** The ring was replaced: no poll of any slot is in the new one. */
    void forgetRequests() {
        Arrays.fill(requests, 0L);
    }

    /** Puts the slot on the list for the next submission, once. */
    void markDirty(int slot) {
        if (!dirty[slot]) {
            dirty[slot] = true;
            dirtyList[dirtyCount++] = slot;
        }
    }

    boolean anyDirty() {
        return dirtyCount > 0;
    }

    /** Takes a slot off the list, or returns -1 when it is empty. */
    int nextDirty() {
        if (dirtyCount == 0) {
            return -1;
        }
        int slot = dirtyList[--dirtyCount];
        dirty[slot] = false;
        return slot;
    }
}
