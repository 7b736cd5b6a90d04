package io.jevent.bench.echo;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The system calls one server process made over a counted window, and the messages the load
 * completed over the same window: the kernel entries each echoed message costs.
 *
 * @param messages messages echoed in the window
 * @param total    every system call of the process (all its threads) in the window
 * @param byName   calls of the system calls counted one by one, by name ({@code read},
 *                 {@code epoll_wait}, ...); their sum may be less than {@code total}
 */
record SyscallCounts(long messages, long total, Map<String, Long> byName) {

    /** All system calls per echoed message. */
    double perMessage() {
        return total / (double) messages;
    }

    /**
     * The total per message and the {@code top} most frequent calls per message, for a table cell:
     * {@code 3.02: read 1.00, write 1.00, epoll_wait 0.98}.
     */
    String summary(int top) {
        List<Map.Entry<String, Long>> calls = new ArrayList<>(byName.entrySet());
        calls.removeIf(e -> e.getValue() == 0);
        calls.sort(Map.Entry.<String, Long>comparingByValue().reversed());
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%.2f", perMessage()));
        for (int i = 0; i < Math.min(top, calls.size()); i++) {
            sb.append(i == 0 ? ": " : ", ").append(calls.get(i).getKey())
                    .append(String.format(Locale.ROOT, " %.2f", calls.get(i).getValue() / (double) messages));
        }
        return sb.toString();
    }
}
