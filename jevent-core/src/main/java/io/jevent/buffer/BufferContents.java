package io.jevent.buffer;

import io.jevent.buffer.internal.Chain;
import io.jevent.buffer.internal.Cursor;
import io.jevent.buffer.internal.Text;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.locks.Lock;
import java.util.function.Consumer;

/**
 * Bytes into and out of an {@link EvBuffer}: copying them in and out, draining, making them
 * contiguous, and moving them between buffers without copying. See {@link BufferCore} for why this
 * is a class of its own.
 */
abstract sealed class BufferContents extends BufferCore permits EvBuffer {
    /**
     * Makes room so that adding {@code n} more bytes needs no new memory ({@code evbuffer_expand}).
     * Up to 8 KiB comes from the shared pool; more is one heap block. One thread at a time unless
     * locking is enabled.
     *
     * @throws IllegalArgumentException if {@code n} is negative or larger than a ByteBuffer can be
     */
    public void expand(long n) {
        checkContiguous("n", n);
        Lock l = acquire();
        try {
            open();
            chain.reservation().expand(n);
        } finally {
            release(l);
        }
    }

    // ------------------------------------------------------------------ adding

    /** Appends a copy of {@code src} ({@code evbuffer_add}). See {@link #add(byte[], int, int)}. */
    public EvBuffer add(byte[] src) {
        return add(src, 0, src.length);
    }

    /**
     * Appends a copy of {@code len} bytes of {@code src} from {@code off} ({@code evbuffer_add}).
     * One thread at a time unless locking is enabled.
     *
     * @return this buffer
     * @throws IndexOutOfBoundsException if the range is not inside {@code src}
     * @throws IllegalStateException if the end is frozen
     */
    public EvBuffer add(byte[] src, int off, int len) {
        Objects.checkFromIndexSize(off, len, src.length);
        Lock l = acquire();
        try {
            end("add");
            if (len > 0) {
                chain.append(src, off, len);
                changed(len, 0);
            }
        } finally {
            release(l);
        }
        return self();
    }

    /**
     * Appends a copy of the bytes between {@code src}'s position and limit and moves its position to
     * its limit ({@code evbuffer_add}). One thread at a time unless locking is enabled.
     *
     * @return this buffer
     * @throws IllegalStateException if the end is frozen
     */
    public EvBuffer add(ByteBuffer src) {
        int n = src.remaining();
        Lock l = acquire();
        try {
            end("add");
            if (n > 0) {
                chain.append(src, src.position(), n);
                src.position(src.limit());
                changed(n, 0);
            }
        } finally {
            release(l);
        }
        return self();
    }

    /**
     * Appends {@code text} encoded with {@code charset}; unmappable characters become {@code '?'}.
     * UTF-8, ISO-8859-1 and US-ASCII are encoded straight into the buffer. One thread at a time
     * unless locking is enabled.
     *
     * @return this buffer
     * @throws IllegalStateException if the end is frozen
     */
    public EvBuffer add(CharSequence text, Charset charset) {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(charset, "charset");
        Lock l = acquire();
        try {
            end("add");
            changed(Text.append(chain, text, charset), 0);
        } finally {
            release(l);
        }
        return self();
    }

    /**
     * Appends {@code String.format(Locale.ROOT, format, args)} in UTF-8 ({@code evbuffer_add_printf}).
     * One thread at a time unless locking is enabled.
     *
     * @return the number of bytes added
     * @throws java.util.IllegalFormatException if the format is bad for the arguments
     * @throws IllegalStateException if the end is frozen
     */
    public long addPrintf(String format, Object... args) {
        String s = String.format(Locale.ROOT, format, args);
        Lock l = acquire();
        try {
            end("addPrintf");
            long n = Text.append(chain, s, StandardCharsets.UTF_8);
            changed(n, 0);
            return n;
        } finally {
            release(l);
        }
    }

    /** Inserts a copy of {@code src} before the first byte ({@code evbuffer_prepend}). */
    public EvBuffer prepend(byte[] src) {
        return prepend(src, 0, src.length);
    }

    /**
     * Inserts a copy of {@code len} bytes of {@code src} before the first byte
     * ({@code evbuffer_prepend}). One thread at a time unless locking is enabled.
     *
     * @return this buffer
     * @throws IndexOutOfBoundsException if the range is not inside {@code src}
     * @throws IllegalStateException if the start is frozen
     */
    public EvBuffer prepend(byte[] src, int off, int len) {
        Objects.checkFromIndexSize(off, len, src.length);
        Lock l = acquire();
        try {
            start("prepend");
            if (len > 0) {
                chain.prepend(src, off, len);
                changed(len, 0);
            }
        } finally {
            release(l);
        }
        return self();
    }

    /**
     * Inserts a copy of {@code src}'s remaining bytes before the first byte and moves its position
     * to its limit ({@code evbuffer_prepend}). One thread at a time unless locking is enabled.
     *
     * @return this buffer
     * @throws IllegalStateException if the start is frozen
     */
    public EvBuffer prepend(ByteBuffer src) {
        int n = src.remaining();
        Lock l = acquire();
        try {
            start("prepend");
            if (n > 0) {
                chain.prepend(src, src.position(), n);
                src.position(src.limit());
                changed(n, 0);
            }
        } finally {
            release(l);
        }
        return self();
    }

    /**
     * Appends the bytes between {@code data}'s position and limit without copying them
     * ({@code evbuffer_add_reference}). The buffer reads them from {@code data}'s memory until they
     * are all drained or the buffer is closed; then {@code cleanup}, if not null, receives
     * {@code data} exactly once. Until then the caller must not change those bytes. With no bytes
     * remaining, nothing is added and the cleanup runs at once; if the call throws, the cleanup never
     * runs and {@code data} stays the caller's. One thread at a time unless locking is enabled.
     *
     * @return this buffer
     * @throws IllegalStateException if the end is frozen
     */
    public EvBuffer addReference(ByteBuffer data, Consumer<? super ByteBuffer> cleanup) {
        Objects.requireNonNull(data, "data");
        Lock l = acquire();
        try {
            end("addReference");
            int n = data.remaining();
            if (n == 0) {
                if (cleanup != null) {
                    cleanup.accept(data);
                }
            } else {
                chain.appendReference(data, cleanup);
                changed(n, 0);
            }
        } finally {
            release(l);
        }
        return self();
    }

    /**
     * Appends {@code length} bytes of {@code file} from {@code offset} without reading them
     * ({@code evbuffer_add_file}). Writing the buffer to a channel sends them with
     * {@link FileChannel#transferTo} (sendfile for a socket); any operation that looks at the bytes
     * reads them into memory first. Like libevent, the buffer takes the channel over and closes it
     * when no buffer needs it any more (at once if {@code length} is 0); file segments can move to
     * and be shared with other buffers. If the call throws, the channel stays the caller's. One
     * thread at a time unless locking is enabled.
     *
     * @param length the number of bytes, or -1 for everything from {@code offset} to the end
     * @return this buffer
     * @throws IllegalArgumentException if {@code offset} is negative, {@code length} is below -1, or
     *     the range goes past the end of the file
     * @throws IllegalStateException if the end is frozen
     * @throws IOException if the file's size cannot be read
     */
    public EvBuffer addFile(FileChannel file, long offset, long length) throws IOException {
        Objects.requireNonNull(file, "file");
        checkCount("offset", offset);
        if (length < -1) {
            throw new IllegalArgumentException("length < -1: " + length);
        }
        Lock l = acquire();
        try {
            end("addFile");
            long size = file.size();
            long n = length == -1 ? size - offset : length;
            if (n < 0 || offset > size - n) {
                throw new IllegalArgumentException("offset " + offset + " + length " + n
                        + " is past the end of the file (size " + size + ")");
            }
            if (n == 0) {
                file.close();
            } else {
                chain.appendFile(file, offset, n);
                changed(n, 0);
            }
        } finally {
            release(l);
        }
        return self();
    }

    // ------------------------------------------------------------------ removing and copying

    /** Removes up to {@code dst.length} bytes into {@code dst} ({@code evbuffer_remove}). */
    public int remove(byte[] dst) {
        return remove(dst, 0, dst.length);
    }

    /**
     * Moves up to {@code len} bytes from the start into {@code dst} at {@code off}
     * ({@code evbuffer_remove}). One thread at a time unless locking is enabled.
     *
     * @return the number of bytes removed: {@code min(len, length())}
     * @throws IndexOutOfBoundsException if the range is not inside {@code dst}
     * @throws IllegalStateException if the start is frozen
     */
    public int remove(byte[] dst, int off, int len) {
        Objects.checkFromIndexSize(off, len, dst.length);
        Lock l = acquire();
        try {
            start("remove");
            int n = copyOutLocked(dst, off, len);
            chain.drain(n);
            changed(0, n);
            return n;
        } finally {
            release(l);
        }
    }

    /**
     * Moves up to {@code dst.remaining()} bytes from the start into {@code dst}, advancing its
     * position ({@code evbuffer_remove}). One thread at a time unless locking is enabled.
     *
     * @return the number of bytes removed
     * @throws IllegalStateException if the start is frozen
     */
    public int remove(ByteBuffer dst) {
        Lock l = acquire();
        try {
            start("remove");
            int n = copyOutLocked(null, dst);
            chain.drain(n);
            changed(0, n);
            return n;
        } finally {
            release(l);
        }
    }

    /**
     * Removes the first {@code n} bytes, or all of them when {@code n >= length()}
     * ({@code evbuffer_drain}). One thread at a time unless locking is enabled.
     *
     * @return the number of bytes removed
     * @throws IllegalArgumentException if {@code n} is negative
     * @throws IllegalStateException if the start is frozen
     */
    public long drain(long n) {
        checkCount("n", n);
        Lock l = acquire();
        try {
            start("drain");
            long d = Math.min(n, chain.length);
            chain.drain(d);
            changed(0, d);
            return d;
        } finally {
            release(l);
        }
    }

    /** Copies up to {@code dst.length} bytes from the start, leaving them ({@code evbuffer_copyout}). */
    public int copyOut(byte[] dst) {
        return copyOut(dst, 0, dst.length);
    }

    /**
     * Copies up to {@code len} bytes from the start into {@code dst} at {@code off}, leaving the
     * buffer as it is ({@code evbuffer_copyout}). Unlike libevent this works on a frozen start: it
     * changes nothing. One thread at a time unless locking is enabled.
     *
     * @return the number of bytes copied: {@code min(len, length())}
     * @throws IndexOutOfBoundsException if the range is not inside {@code dst}
     */
    public int copyOut(byte[] dst, int off, int len) {
        Objects.checkFromIndexSize(off, len, dst.length);
        Lock l = acquire();
        try {
            open();
            return copyOutLocked(dst, off, len);
        } finally {
            release(l);
        }
    }

    /**
     * Copies up to {@code dst.remaining()} bytes from the start into {@code dst}, advancing its
     * position and leaving this buffer as it is ({@code evbuffer_copyout}). One thread at a time
     * unless locking is enabled.
     *
     * @return the number of bytes copied
     */
    public int copyOut(ByteBuffer dst) {
        Lock l = acquire();
        try {
            open();
            return copyOutLocked(null, dst);
        } finally {
            release(l);
        }
    }

    /**
     * Copies up to {@code len} bytes starting at {@code from} into {@code dst} at {@code off}
     * ({@code evbuffer_copyout_from}). One thread at a time unless locking is enabled.
     *
     * @return the number of bytes copied: {@code min(len, length() - from.position())}
     * @throws IllegalArgumentException if {@code from} belongs to another buffer or is not set
     * @throws IndexOutOfBoundsException if the range is not inside {@code dst}
     */
    public int copyOutFrom(EvBufferPtr from, byte[] dst, int off, int len) {
        checkPtr(from);
        Objects.checkFromIndexSize(off, len, dst.length);
        Lock l = acquire();
        try {
            open();
            int n = (int) Math.min(len, chain.length - checkedPosition(from));
            Cursor c = resolve(from, n);
            if (n > 0) {
                Chain.copy(c.seg, c.index, dst, off, n);
            }
            return n;
        } finally {
            release(l);
        }
    }

    /**
     * Copies up to {@code dst.remaining()} bytes starting at {@code from} into {@code dst},
     * advancing its position ({@code evbuffer_copyout_from}). One thread at a time unless locking is
     * enabled.
     *
     * @return the number of bytes copied
     * @throws IllegalArgumentException if {@code from} belongs to another buffer or is not set
     */
    public int copyOutFrom(EvBufferPtr from, ByteBuffer dst) {
        checkPtr(from);
        Lock l = acquire();
        try {
            open();
            return copyOutLocked(from, dst);
        } finally {
            release(l);
        }
    }

    private int copyOutLocked(byte[] dst, int off, int len) {
        int n = (int) Math.min(len, chain.length);
        if (n > 0) {
            loadFiles(n);
            Chain.copy(chain.head, chain.head.start, dst, off, n);
        }
        return n;
    }

    private int copyOutLocked(EvBufferPtr from, ByteBuffer dst) {
        long start = from == null ? 0 : checkedPosition(from);
        int n = (int) Math.min(dst.remaining(), chain.length - start);
        if (n > 0) {
            Cursor c;
            if (from == null) {
                loadFiles(n);
                c = scratch();
                chain.seekStart(c);
            } else {
                c = resolve(from, n);
            }
            Chain.copy(c.seg, c.index, dst, dst.position(), n);
            dst.position(dst.position() + n);
        }
        return n;
    }

    /**
     * Makes the first {@code n} bytes contiguous and returns a read-only view of them, positioned
     * at the first and limited after the last ({@code evbuffer_pullup}). Copies only when they span
     * segments; more than 8 KiB that must be copied goes into one new heap block. The view is valid
     * until the buffer next changes. One thread at a time unless locking is enabled.
     *
     * @param n the number of bytes, or -1 for all of them
     * @return the view, or null (as libevent) when {@code n} is 0 or more than {@link #length()}
     * @throws IllegalArgumentException if {@code n} is below -1 or larger than a ByteBuffer can be
     */
    public ByteBuffer pullup(long n) {
        if (n < -1) {
            throw new IllegalArgumentException("n < -1: " + n);
        }
        Lock l = acquire();
        try {
            open();
            long size = n == -1 ? chain.length : n;
            if (size == 0 || size > chain.length) {
                return null;
            }
            checkContiguous("n", size);
            loadFiles(size);
            return chain.pullup((int) size);
        } finally {
            release(l);
        }
    }

    // ------------------------------------------------------------------ between buffers

    /**
     * Moves all of {@code src}'s bytes to the end of this buffer without copying them
     * ({@code evbuffer_add_buffer}). Callbacks run on {@code src}, then on this buffer. One thread
     * at a time per buffer unless locking is enabled (both locks are taken).
     *
     * @throws IllegalArgumentException if {@code src} is this buffer
     * @throws IllegalStateException if this end or {@code src}'s start is frozen
     */
    public void addBuffer(EvBuffer src) {
        checkOther("src", src);
        lockBoth(src);
        try {
            end("addBuffer");
            src.start("addBuffer", "the source EvBuffer");
            long n = src.chain.length;
            src.chain.moveAllTo(chain);
            src.changed(0, n);
            changed(n, 0);
        } finally {
            unlockBoth(src);
        }
    }

    /**
     * Moves all of {@code src}'s bytes before the first byte of this buffer without copying them
     * ({@code evbuffer_prepend_buffer}). Callbacks run on {@code src}, then on this buffer. One
     * thread at a time per buffer unless locking is enabled (both locks are taken).
     *
     * @throws IllegalArgumentException if {@code src} is this buffer
     * @throws IllegalStateException if this start or {@code src}'s start is frozen
     */
    public void prependBuffer(EvBuffer src) {
        checkOther("src", src);
        lockBoth(src);
        try {
            start("prependBuffer");
            src.start("prependBuffer", "the source EvBuffer");
            long n = src.chain.length;
            src.chain.moveAllToFront(chain);
            src.changed(0, n);
            changed(n, 0);
        } finally {
            unlockBoth(src);
        }
    }

    /**
     * Moves the first {@code n} bytes (all if fewer) to the end of {@code dst}
     * ({@code evbuffer_remove_buffer}). Whole segments are relinked; of a segment cut in two, the
     * smaller side is copied when it is under 1 KiB, else both sides share it. Callbacks run on
     * {@code dst}, then on this buffer. One thread at a time per buffer unless locking is enabled
     * (both locks are taken).
     *
     * @return the number of bytes moved
     * @throws IllegalArgumentException if {@code n} is negative or {@code dst} is this buffer
     * @throws IllegalStateException if this start or {@code dst}'s end is frozen
     */
    public long removeBuffer(EvBuffer dst, long n) {
        checkOther("dst", dst);
        checkCount("n", n);
        lockBoth(dst);
        try {
            start("removeBuffer");
            dst.end("removeBuffer", "the destination EvBuffer");
            long moved = moveTo(dst, Math.min(n, chain.length));
            dst.changed(moved, 0);
            changed(0, moved);
            return moved;
        } finally {
            unlockBoth(dst);
        }
    }

    long moveTo(EvBuffer dst, long n) {
        if (n == chain.length) {
            chain.moveAllTo(dst.chain);
        } else if (n > 0) {
            chain.moveTo(dst.chain, n);
        }
        return n;
    }

    /**
     * Appends all of {@code src}'s bytes to this buffer while {@code src} keeps them too
     * ({@code evbuffer_add_buffer_reference}). Nothing is copied: both buffers read the same memory,
     * which becomes read-only and is given back when neither needs it. Files are shared as well
     * (libevent refuses them). One thread at a time per buffer unless locking is enabled (both
     * locks are taken).
     *
     * @throws IllegalArgumentException if {@code src} is this buffer, or holds bytes it got from
     *     another buffer this way (libevent refuses both)
     * @throws IllegalStateException if this end is frozen
     */
    public void addBufferReference(EvBuffer src) {
        checkOther("src", src);
        lockBoth(src);
        try {
            end("addBufferReference");
            src.open();
            if (src.chain.holdsViews()) {
                throw new IllegalArgumentException("addBufferReference: src holds bytes it references from"
                        + " another buffer; like libevent, such bytes are not shared again");
            }
            long n = src.chain.length;
            src.chain.shareAllTo(chain);
            changed(n, 0);
        } finally {
            unlockBoth(src);
        }
    }
}
