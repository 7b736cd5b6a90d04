package io.jevent.replay;

import io.jevent.buffer.EolStyle;
import io.jevent.buffer.EvBuffer;
import io.jevent.buffer.Side;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * libevent 2.1's evbuffer operations on frozen ends, replayed: where libevent returns -1, jevent
 * throws IllegalStateException (shown here as -1); where libevent returns 0 because there was
 * nothing to do, so does jevent, frozen end or not.
 */
class EvBufferFrozenReplayTest {
    private static final byte[] FIVE = "abcde".getBytes();
    private static final Trace TRACE = Trace.load("evbuffer_frozen");

    /** The return value, or -1 when jevent refused with IllegalStateException, and the length after. */
    private static String run(EvBuffer b, ToLongFunction<EvBuffer> op) {
        return outcome(b, op) + " length=" + b.length();
    }

    private static long outcome(EvBuffer b, ToLongFunction<EvBuffer> op) {
        try {
            return op.applyAsLong(b);
        } catch (IllegalStateException refused) {
            return -1;
        }
    }

    /** libevent's drain returns 0 on success where jevent returns the count: compare the outcome. */
    private static long drain(EvBuffer b, long n) {
        b.drain(n);
        return 0;
    }

    private static EvBuffer buffer(byte[] content, Side frozen) {
        EvBuffer b = new EvBuffer();
        b.add(content);
        b.freeze(frozen);
        return b;
    }

    private static EvBuffer buffer(byte[] content) {
        EvBuffer b = new EvBuffer();
        b.add(content);
        return b;
    }

    @Test
    void drainRemoveAndPrependRefuseOnlyWhenThereIsSomethingToDo() {
        TRACE.same("drain-0-nonempty-start-frozen", run(buffer(FIVE, Side.START), b -> drain(b, 0)));
        TRACE.same("drain-5-empty-start-frozen", run(buffer(new byte[0], Side.START), b -> drain(b, 5)));
        TRACE.same("drain-5-nonempty-start-frozen", run(buffer(FIVE, Side.START), b -> drain(b, 5)));
        TRACE.same("drain-5-nonempty-end-frozen", run(buffer(FIVE, Side.END), b -> drain(b, 5)));
        TRACE.same("remove-0-nonempty-start-frozen", run(buffer(FIVE, Side.START), b -> b.remove(new byte[0])));
        TRACE.same("remove-5-empty-start-frozen", run(buffer(new byte[0], Side.START), b -> b.remove(new byte[5])));
        TRACE.same("remove-5-nonempty-start-frozen", run(buffer(FIVE, Side.START), b -> b.remove(new byte[5])));
        TRACE.same("prepend-0-start-frozen", run(buffer(FIVE, Side.START), b -> { b.prepend(new byte[0]); return 0; }));
        TRACE.same("prepend-3-start-frozen", run(buffer(FIVE, Side.START), b -> { b.prepend(new byte[3]); return 0; }));
        TRACE.same("add-0-end-frozen", run(buffer(FIVE, Side.END), b -> { b.add(new byte[0]); return 0; }));
        TRACE.same("add-3-end-frozen", run(buffer(FIVE, Side.END), b -> { b.add(new byte[3]); return 0; }));
    }

    /** The return value (-1: refused) and both lengths after, as the trace records a two-buffer operation. */
    private static String run(EvBuffer src, EvBuffer dst, ToLongFunction<EvBuffer> op) {
        return outcome(src, op) + " src-length=" + src.length() + " dst-length=" + dst.length();
    }

    @Test
    void movingBetweenBuffersRefusesOnlyWhenThereIsSomethingToMove() {
        EvBuffer src = buffer(FIVE, Side.START);
        EvBuffer dst = new EvBuffer();
        TRACE.same("remove-buffer-0-src-nonempty-src-start-frozen", run(src, dst, b -> b.removeBuffer(dst, 0)));
        EvBuffer emptySrc = buffer(new byte[0], Side.START);
        TRACE.same("remove-buffer-5-src-empty-src-start-frozen", run(emptySrc, dst, b -> b.removeBuffer(dst, 5)));
        TRACE.same("remove-buffer-5-src-nonempty-src-start-frozen", run(src, dst, b -> b.removeBuffer(dst, 5)));
        EvBuffer plain = buffer(FIVE);
        EvBuffer frozenDst = buffer(new byte[0], Side.END);
        TRACE.same("remove-buffer-5-src-nonempty-dst-end-frozen", run(plain, frozenDst, b -> b.removeBuffer(frozenDst, 5)));
        TRACE.same("remove-buffer-5-src-empty-dst-end-frozen",
                run(new EvBuffer(), frozenDst, b -> b.removeBuffer(frozenDst, 5)));
        TRACE.same("remove-buffer-0-src-nonempty-dst-end-frozen", run(plain, frozenDst, b -> b.removeBuffer(frozenDst, 0)));

        EvBuffer dstEndFrozen = buffer(FIVE, Side.END);
        TRACE.same("add-buffer-src-empty-dst-end-frozen", run(new EvBuffer(), dstEndFrozen, moveInto(dstEndFrozen, false)));
        TRACE.same("add-buffer-src-nonempty-dst-end-frozen", run(buffer(FIVE), dstEndFrozen, moveInto(dstEndFrozen, false)));
        EvBuffer five = buffer(FIVE);
        TRACE.same("add-buffer-src-empty-src-start-frozen",
                run(buffer(new byte[0], Side.START), five, moveInto(five, false)));
        TRACE.same("add-buffer-src-nonempty-src-start-frozen", run(buffer(FIVE, Side.START), five, moveInto(five, false)));
        EvBuffer dstStartFrozen = buffer(FIVE, Side.START);
        TRACE.same("prepend-buffer-src-empty-dst-start-frozen",
                run(new EvBuffer(), dstStartFrozen, moveInto(dstStartFrozen, true)));
        TRACE.same("prepend-buffer-src-nonempty-dst-start-frozen",
                run(buffer(FIVE), dstStartFrozen, moveInto(dstStartFrozen, true)));
        TRACE.same("prepend-buffer-src-nonempty-src-start-frozen",
                run(buffer(FIVE, Side.START), five, moveInto(five, true)));
    }

    private static ToLongFunction<EvBuffer> moveInto(EvBuffer dst, boolean front) {
        return src -> {
            if (front) {
                dst.prependBuffer(src);
            } else {
                dst.addBuffer(src);
            }
            return 0;
        };
    }

    @Test
    void readingAFrozenStartIsRefusedLoudlyWhereLibeventIsQuiet() {
        EvBuffer b = buffer(FIVE, Side.START);
        long copied = outcome(b, x -> x.copyOut(new byte[5]));
        TRACE.differs("copyout-5-nonempty-start-frozen", copied + " length=" + b.length() + " data=",
                "-1 length=5 data=", "copying changes nothing, so jevent allows it on a frozen start");
        EvBuffer line = buffer("ab\n".getBytes(), Side.START);
        TRACE.differs("readln-line-start-frozen", readLine(line) + " length=" + line.length(), "NULL length=3",
                "libevent's NULL also means \"no complete line\", so a frozen buffer looks empty; jevent throws");
        EvBuffer empty = buffer(new byte[0], Side.START);
        TRACE.differs("readln-empty-start-frozen", readLine(empty) + " length=0", "NULL length=0",
                "the same: jevent throws for a frozen start before it looks for a line");
    }

    private static String readLine(EvBuffer b) {
        try {
            return String.valueOf(b.readLine(EolStyle.LF));
        } catch (IllegalStateException refused) {
            return "refused";
        }
    }

    @AfterAll
    static void everyObservationWasReplayed() {
        TRACE.allReplayed();
    }
}
