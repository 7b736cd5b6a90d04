package io.jevent.internal;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.CopyOnWriteArrayList;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * The process-wide bridge between POSIX signals and the loops that watch them.
 *
 * <p>The JVM allows one handler per signal, so jevent installs one, the first time any loop watches
 * that signal, and puts the previous handler back when the last loop stops watching it (libevent
 * restores the old disposition the same way). The handler runs on a JVM thread; it only tells each
 * subscribed loop that one delivery arrived. The loops run the callbacks on their own threads.
 */
final class SignalHub {
    private static final SignalHub INSTANCE = new SignalHub();

    private static final class Slot {
        final Signal signal;
        final SignalHandler previous;
        final CopyOnWriteArrayList<EventLoop> loops = new CopyOnWriteArrayList<>();

        Slot(Signal signal, SignalHandler previous) {
            this.signal = signal;
            this.previous = previous;
        }
    }

    /** The signals the JVM leaves ignored if the process started with them ignored. */
    private static final Set<String> JVM_KEEPS_IGNORED = Set.of("HUP", "INT", "TERM");

    private final Map<String, Slot> slots = new HashMap<>();

    static SignalHub get() {
        return INSTANCE;
    }

    /**
     * Checks a signal name and returns it in canonical form: upper case, without "SIG".
     *
     * @throws IllegalArgumentException when the JVM does not know the signal
     */
    static String canonicalName(String name) {
        if (name == null) {
            throw new NullPointerException("signal name is null; use a name such as \"INT\" or \"TERM\"");
        }
        String n = name.trim().toUpperCase(Locale.ROOT);
        if (n.startsWith("SIG")) {
            n = n.substring(3);
        }
        try {
            new Signal(n);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown signal \"" + name + "\"; this JVM can watch "
                    + Watchable.NAMES, e);
        }
        if (JVM_RESERVES.contains(n)) {
            throw new IllegalArgumentException("signal " + n + " cannot be watched: the JVM reserves it for"
                    + " itself; this JVM can watch " + Watchable.NAMES);
        }
        return n;
    }

    /**
     * The signals HotSpot keeps for itself on every platform: it refuses a handler for them. QUIT
     * prints thread dumps; the others are the VM's own traps, or cannot be caught at all. Checked
     * when a signal event is created, so that the mistake shows where it is made; a JVM started
     * with {@code -Xrs} also keeps HUP, INT and TERM, which only {@code add()} can find out.
     */
    private static final Set<String> JVM_RESERVES = Set.of("QUIT", "ILL", "FPE", "KILL", "SEGV", "STOP");

    /**
     * The names to suggest, computed once, when needed: those this JVM knows, of the signals a
     * program may sensibly watch (not the traps, such as BUS, that the JVM itself relies on).
     */
    private static final class Watchable {
        static final String NAMES = names();

        private static String names() {
            StringJoiner known = new StringJoiner(" ");
            for (String n : new String[] {"HUP", "INT", "TERM", "USR1", "USR2", "ALRM", "CHLD", "CONT",
                    "PIPE", "TSTP", "TTIN", "TTOU", "URG", "WINCH", "IO", "PWR", "XCPU", "XFSZ", "VTALRM",
                    "PROF", "INFO"}) {
                try {
                    new Signal(n);
                    known.add(n);
                } catch (IllegalArgumentException notOnThisSystem) {
                    // Not a signal of this operating system: do not suggest it.
                }
            }
            return known.toString();
        }
    }

    /**
     * Starts delivering a signal to a loop.
     *
     * @throws IllegalArgumentException when the JVM reserves the signal for itself (QUIT, SEGV, ...)
     */
    synchronized void subscribe(String name, EventLoop loop) {
        Slot slot = slots.get(name);
        if (slot == null) {
            Signal signal = new Signal(name);
            SignalHandler previous;
            try {
                previous = Signal.handle(signal, this::deliver);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("signal " + name + " cannot be watched: the JVM reserves"
                        + " it for itself (HUP, INT and TERM too when it runs with -Xrs); pick another of "
                        + Watchable.NAMES, e);
            }
            if (previous == SignalHandler.SIG_IGN && JVM_KEEPS_IGNORED.contains(name)) {
                // The JVM refuses to handle a shutdown signal that the process started with ignored
                // (a background job of a non-interactive shell ignores INT; nohup ignores HUP), and
                // says so only by returning SIG_IGN. libevent's sigaction would override that; we
                // cannot, so say it instead of leaving an event that can never fire unexplained.
                System.getLogger("io.jevent").log(System.Logger.Level.WARNING, "SIG" + name + " was ignored"
                        + " when this process started (a background job or nohup), and the JVM keeps it"
                        + " ignored: events for SIG" + name + " will not fire. Start the program in the"
                        + " foreground, or stop it with another signal such as TERM.");
            }
            slot = new Slot(signal, previous);
            slots.put(name, slot);
        }
        slot.loops.add(loop);
    }

    /** Stops delivering a signal to a loop; the last one out restores the previous handler. */
    synchronized void unsubscribe(String name, EventLoop loop) {
        Slot slot = slots.get(name);
        if (slot == null || !slot.loops.remove(loop)) {
            return;
        }
        if (slot.loops.isEmpty()) {
            Signal.handle(slot.signal, slot.previous);
            slots.remove(name);
        }
    }

    private void deliver(Signal signal) {
        Slot slot;
        synchronized (this) {
            slot = slots.get(signal.getName());
        }
        if (slot != null) {
            for (EventLoop loop : slot.loops) {
                loop.signalArrived(signal.getName());
            }
        }
    }
}
