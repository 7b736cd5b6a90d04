package io.jevent.http.internal;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * The {@code Date} field's value in IMF-fixdate form ({@code Sun, 06 Nov 1994 08:49:37 GMT}, RFC
 * 9110 section 5.6.7), formatted once per second and shared: a reply costs no formatting. The
 * JDK's RFC_1123 formatter writes single-digit days without their zero, which IMF-fixdate forbids.
 */
public final class HttpDate {
    private static final String[] DAYS = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
        "Nov", "Dec"};

    private record Cached(long second, byte[] bytes) {
    }

    private static volatile Cached cached = new Cached(Long.MIN_VALUE, new byte[0]);

    private HttpDate() {
    }

    /** The current date as ASCII bytes; do not modify them. */
    public static byte[] now() {
        long second = Math.floorDiv(System.currentTimeMillis(), 1000);
        Cached c = cached;
        if (c.second != second) {
            c = new Cached(second, format(second).getBytes(StandardCharsets.US_ASCII));
            cached = c;
        }
        return c.bytes;
    }

    /** @return the IMF-fixdate of a time in seconds since the epoch */
    public static String format(long epochSecond) {
        ZonedDateTime t = ZonedDateTime.ofInstant(java.time.Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC);
        return String.format(java.util.Locale.ROOT, "%s, %02d %s %04d %02d:%02d:%02d GMT",
                DAYS[t.getDayOfWeek().getValue() - 1], t.getDayOfMonth(), MONTHS[t.getMonthValue() - 1], t.getYear(),
                t.getHour(), t.getMinute(), t.getSecond());
    }
}
