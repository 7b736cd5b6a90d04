package io.jevent.bench.soak;

import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.zip.CRC32;

/**
 * One client connection of the soak runner and what it has done so far. Every client sends its own
 * stream of bytes, a function of its number and the offset ({@link #at}), so that each echoed byte
 * can be checked where it arrives, and keeps a CRC-32 of what it sent and of what came back.
 */
final class Client {
    /** What a client does once connected. */
    enum Mode {
        /** Sends a message, waits for all of it to come back, records the round trip, repeats. */
        PING_PONG,
        /** Sends nothing and waits; {@link ClientEngine#checkIdle} later checks it still works. */
        IDLE,
        /** Sends as fast as the server takes bytes and never reads. */
        NO_READ,
        /** Streams its bytes and, halfway, closes with SO_LINGER 0: the server gets a reset. */
        RESET_MID_WRITE,
        /** Streams all its bytes, shuts its output down, and expects all of them back, then EOF. */
        HALF_CLOSE
    }

    /** Bytes a client sends when it should go on until told to stop. */
    static final long FOREVER = Long.MAX_VALUE;

    final int id;
    Mode mode;
    /** Bytes to send in all, or {@link #FOREVER}. */
    long total;
    /** Bytes per round trip, for {@link Mode#PING_PONG}. */
    int message;
    SocketChannel channel;
    SelectionKey key;
    long sent;
    long echoed;
    /** Where the message in flight ends, as an offset of the stream. */
    long messageEnd;
    long messageStart;
    final CRC32 sentCrc = new CRC32();
    final CRC32 echoCrc = new CRC32();
    boolean connecting;
    boolean done;
    /** Set when the part's time is up: finish the message in flight, then close. */
    boolean stopRequested;

    Client(int id, Mode mode, long total, int message) {
        this.id = id;
        this.mode = mode;
        this.total = total;
        this.message = message;
    }

    /** The byte at {@code offset} of client {@code id}'s stream. */
    static byte at(int id, long offset) {
        return (byte) (offset * 31 + (offset >>> 13) + id * 131L);
    }

    /** Line-server mode: the byte at {@code offset}, lowercase letters with a newline every 64 bytes. */
    static byte text(int id, long offset) {
        return offset % 64 == 63 ? (byte) '\n' : (byte) ('a' + Math.floorMod(offset * 7 + id, 26));
    }

    /** What a ROT13 line server answers for byte {@code b} of {@link #text}. */
    static byte rot13(byte b) {
        return b == '\n' ? b : (byte) ('a' + (b - 'a' + 13) % 26);
    }

    boolean expectsEcho() {
        return mode == Mode.PING_PONG || mode == Mode.HALF_CLOSE;
    }
}
