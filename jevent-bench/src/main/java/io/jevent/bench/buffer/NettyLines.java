package io.jevent.bench.buffer;

import io.jevent.buffer.EolStyle;
import io.netty.buffer.ByteBuf;
import io.netty.util.ByteProcessor;

/**
 * Line splitting done by hand on a Netty buffer, which has no line reader: CRLF is an LF search
 * with a look at the byte before it (as Netty's LineBasedFrameDecoder does), ANY a search for CR or
 * LF and then past the run.
 */
final class NettyLines {
    private NettyLines() {
    }

    /** Where the first end of line at the reader index starts: the CR or LF (ANY), the LF (CRLF); or -1. */
    static int endOfLine(ByteBuf b, EolStyle style) {
        if (style == EolStyle.ANY) {
            return b.forEachByte(ByteProcessor.FIND_CRLF);
        }
        return b.indexOf(b.readerIndex(), b.writerIndex(), (byte) '\n');
    }

    /** Where the line's bytes end, given where its end of line was found. */
    static int lineEnd(ByteBuf b, EolStyle style, int start, int end) {
        return style == EolStyle.CRLF && end > start && b.getByte(end - 1) == '\r' ? end - 1 : end;
    }

    /** Moves the reader index past the end of line found at {@code end}. */
    static void skipEol(ByteBuf b, EolStyle style, int end) {
        if (style == EolStyle.ANY) {
            int next = b.forEachByte(end, b.writerIndex() - end, ByteProcessor.FIND_NON_CRLF);
            b.readerIndex(next < 0 ? b.writerIndex() : next);
        } else {
            b.readerIndex(end + 1);
        }
    }
}
