package io.jevent.buffer.internal;

import java.nio.charset.Charset;

/**
 * Finding things in one buffer's chain: a pattern ({@code evbuffer_search}), an end of line
 * ({@code evbuffer_search_eol}), and the first line, which it then takes off the front
 * ({@code evbuffer_readln}). Made on first use, with two scratch cursors and a scratch array for
 * decoding, so that a buffer that only carries bytes does not pay for them.
 */
public final class Scanner {
    private final Chain chain;
    private final Cursor at = new Cursor();
    private final Cursor tmp = new Cursor();
    private byte[] text;

    Scanner(Chain chain) {
        this.chain = chain;
    }

    /** The first line's bytes without its end of line, removed with it; null if no line is complete. */
    public byte[] takeLine(int style) {
        long eol = findFirstLine(style);
        if (eol < 0) {
            return null;
        }
        int n = lineLength();
        byte[] line = new byte[n];
        chain.copyOut(null, 0, line, 0, n);
        chain.drain(n + eol);
        return line;
    }

    /** As {@link #takeLine(int)}, decoded with {@code cs}; only the String is allocated. */
    public String takeLine(int style, Charset cs) {
        long eol = findFirstLine(style);
        if (eol < 0) {
            return null;
        }
        int n = lineLength();
        byte[] scratch = text;
        if (scratch == null) {
            scratch = text = new byte[256];
        }
        String line = Text.decode(chain, n, cs, scratch);
        chain.drain(n + eol);
        return line;
    }

    /**
     * Moves the first line to the end of {@code dst} and drops its end of line.
     *
     * @return the bytes moved, or -1 if no line is complete
     */
    public long moveLine(int style, Chain dst) {
        long eol = findFirstLine(style);
        if (eol < 0) {
            return -1;
        }
        long n = chain.move(dst, at.pos);
        chain.drain(eol);
        return n;
    }

    /** Finds the end of the first line into {@link #at}; returns its length or -1. */
    private long findFirstLine(int style) {
        chain.loadFiles(Long.MAX_VALUE);
        at.seekStart(chain);
        return at.seg == null ? -1 : EolFinder.find(at, style, tmp, chain.length);
    }

    private int lineLength() {
        if (at.pos > BufferState.MAX_CONTIGUOUS) {
            throw new IllegalArgumentException("the line is longer than a byte array can be: " + at.pos
                    + " bytes; read it with readLine(style, dst) into another EvBuffer");
        }
        return (int) at.pos;
    }

    /**
     * Finds the first end of line at or after {@code ptr}, a set cursor. On success moves it to the
     * end of line's first byte and returns the end of line's length; otherwise returns -1 and leaves
     * it alone.
     */
    public long searchEol(Cursor ptr, int style) {
        ptr.resolve(chain, Long.MAX_VALUE);
        at.copyFrom(ptr);
        long eol = EolFinder.find(at, style, tmp, chain.length);
        if (eol >= 0) {
            ptr.copyFrom(at);
        }
        return eol;
    }

    /**
     * The position of the first {@code pattern} (not empty) at or after {@code start} (null: the
     * first byte) that ends by {@code limit}, or -1.
     */
    public long search(byte[] pattern, Cursor start, long limit) {
        if (start == null) {
            chain.loadFiles(Long.MAX_VALUE);
            at.seekStart(chain);
        } else {
            start.resolve(chain, Long.MAX_VALUE);
            at.copyFrom(start);
        }
        return Finder.indexOf(at, pattern, limit, chain.length);
    }
}
