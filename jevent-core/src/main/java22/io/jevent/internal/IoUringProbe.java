package io.jevent.internal;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.StringJoiner;

/**
 * Finds out once per JVM, when first asked, whether the io_uring backend can run here, by doing
 * what it does: set up a ring, arm a multishot poll on an eventfd, make the eventfd readable and
 * wait for the completion. Each way this can fail (no io_uring in the kernel, io_uring switched
 * off by sysctl or seccomp, a kernel without multishot poll, native access denied) becomes a
 * reason phrased to follow "the io_uring backend ".
 */
final class IoUringProbe {
    /** Why io_uring cannot run here, or null. */
    static final String UNAVAILABLE;
    /** The setup flags the kernel took, by name. */
    static final String SETUP_FLAGS;

    static {
        String[] flags = {""};
        String why;
        try {
            why = probe(flags);
        } catch (LinkageError | RuntimeException e) {
            why = "cannot link its system calls: " + NativeBackends.cause(e);
        }
        UNAVAILABLE = why;
        SETUP_FLAGS = why == null ? flags[0] : "";
    }

    private IoUringProbe() {
    }

    private static String probe(String[] flags) {
        String why = NativeBackends.commonUnavailable();
        if (why != null) {
            return why;
        }
        if (!Libc.isX86_64()) {
            return "is built and tested for x86-64 only (this is " + System.getProperty("os.arch") + ")";
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = arena.allocate(Libc.ERRNO_LAYOUT);
            IoUringRing ring;
            try {
                ring = IoUringRing.open(4, 8, errno);
            } catch (IOException e) {
                return "cannot run: " + e.getMessage();
            }
            int eventFd = Libc.eventfd(errno);
            if (eventFd < 0) {
                ring.close();
                return "cannot run: eventfd failed with errno " + Libc.errno(errno);
            }
            try {
                why = serveOnePoll(ring, eventFd, arena);
                flags[0] = names(ring.flags);
                return why;
            } catch (IOException e) {
                return "cannot run: " + e.getMessage();
            } finally {
                Libc.close(eventFd);
                ring.close();
            }
        }
    }

    private static String serveOnePoll(IoUringRing ring, int eventFd, Arena arena) throws IOException {
        ring.enable();
        ring.pollAdd(eventFd, IoUring.POLLIN, true, 1);
        int n = ring.enter(0);
        if (n < 0) {
            return "cannot run: io_uring_enter failed with errno " + -n;
        }
        MemorySegment one = arena.allocate(8, 8);
        one.set(ValueLayout.JAVA_LONG, 0, 1L);
        Libc.write(eventFd, one, 8);
        n = ring.enter(1_000_000_000L);
        if (n < 0 && n != -Libc.ETIME && n != -Libc.EINTR) {
            return "cannot run: io_uring_enter failed with errno " + -n;
        }
        if (!ring.nextCompletion(ring.completionsTail())) {
            return "cannot run: the kernel gave no completion for a poll within a second";
        }
        int res = ring.cqeRes;
        boolean more = (ring.cqeFlags & IoUring.CQE_F_MORE) != 0;
        ring.completionsRead();
        if (res == -Libc.EINVAL || (res > 0 && !more)) {
            return "needs Linux 5.13 or later: this kernel has no multishot poll (IORING_POLL_ADD_MULTI)";
        }
        if (res < 0) {
            return "cannot run: a poll on the ring failed with errno " + -res;
        }
        return null;
    }

    private static String names(int flags) {
        StringJoiner names = new StringJoiner("|");
        if ((flags & IoUring.SETUP_SINGLE_ISSUER) != 0) {
            names.add("SINGLE_ISSUER");
        }
        if ((flags & IoUring.SETUP_DEFER_TASKRUN) != 0) {
            names.add("DEFER_TASKRUN");
        }
        if ((flags & IoUring.SETUP_COOP_TASKRUN) != 0) {
            names.add("COOP_TASKRUN");
        }
        if ((flags & IoUring.SETUP_SUBMIT_ALL) != 0) {
            names.add("SUBMIT_ALL");
        }
        return names.toString();
    }
}
