package io.jevent.http;

import io.jevent.http.internal.HeaderChars;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * An ordered list of header fields whose names compare case-insensitively (ASCII only), where a
 * name may appear more than once: libevent's {@code struct evkeyvalq} with {@code
 * evhttp_find_header}, {@code evhttp_add_header}, {@code evhttp_remove_header} and {@code
 * evhttp_clear_headers}. Fields keep the order they were added in, and go on the wire in it.
 *
 * <p><b>Strict where libevent is lax:</b> {@link #add} takes only a token as a name (RFC 9110:
 * letters, digits and {@code !#$%&'*+-.^_`|~}) and a value without CR, LF, NUL or any other control
 * character but tab, and characters up to U+00FF only (header bytes are ISO-8859-1 on the wire).
 * libevent refuses only CR and LF, and lets a value continue on a folded line; such a value could
 * split a response in two, so jevent throws instead.
 *
 * <p><b>Threads:</b> a plain mutable collection; the server's and client's lists belong to the loop
 * thread, like the request that holds them.
 */
public final class HttpHeaders {
    /** Names and values alternating: one array list, no object per field. */
    private final ArrayList<String> fields = new ArrayList<>();

    /** An empty list. */
    public HttpHeaders() {
    }

    /**
     * The value of the first field with this name: libevent's {@code evhttp_find_header}.
     *
     * @param name the field name, any case
     * @return its value, or null when there is none
     */
    public String find(String name) {
        Objects.requireNonNull(name, "name");
        for (int i = 0; i < fields.size(); i += 2) {
            if (fields.get(i).equalsIgnoreCase(name)) {
                return fields.get(i + 1);
            }
        }
        return null;
    }

    /**
     * The values of every field with this name, in order.
     *
     * @param name the field name, any case
     * @return the values, empty when there is none
     */
    public List<String> findAll(String name) {
        Objects.requireNonNull(name, "name");
        List<String> values = new ArrayList<>(2);
        for (int i = 0; i < fields.size(); i += 2) {
            if (fields.get(i).equalsIgnoreCase(name)) {
                values.add(fields.get(i + 1));
            }
        }
        return values;
    }

    /**
     * Appends a field, after any with the same name: libevent's {@code evhttp_add_header}.
     *
     * @param name  a token
     * @param value the value, without control characters but tab
     * @return this list
     * @throws IllegalArgumentException for a name that is not a token, or a value with a forbidden
     *                                  character (libevent returns -1 for CR and LF only)
     */
    public HttpHeaders add(String name, String value) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        if (!HeaderChars.isToken(name)) {
            throw new IllegalArgumentException("not a header name (a token): \"" + name + '"');
        }
        int bad = HeaderChars.firstInvalidValueChar(value);
        if (bad >= 0) {
            throw new IllegalArgumentException("header " + name + ": value has a forbidden character 0x"
                    + Integer.toHexString(value.charAt(bad)) + " at " + bad);
        }
        fields.add(name);
        fields.add(value);
        return this;
    }

    /** Appends a field the caller has checked, or one that libevent would not check either. */
    void addUnchecked(String name, String value) {
        fields.add(name);
        fields.add(value);
    }

    /**
     * Removes every field with this name, then appends one: a convenience over {@link #removeAll}
     * and {@link #add}.
     *
     * @param name  a token
     * @param value the value
     * @return this list
     * @throws IllegalArgumentException as {@link #add}
     */
    public HttpHeaders set(String name, String value) {
        Objects.requireNonNull(value, "value");
        removeAll(name);
        return add(name, value);
    }

    /**
     * Removes the first field with this name: libevent's {@code evhttp_remove_header}.
     *
     * @param name the field name, any case
     * @return whether a field was removed (libevent: 0, or -1 when none was found)
     */
    public boolean remove(String name) {
        Objects.requireNonNull(name, "name");
        for (int i = 0; i < fields.size(); i += 2) {
            if (fields.get(i).equalsIgnoreCase(name)) {
                fields.subList(i, i + 2).clear();
                return true;
            }
        }
        return false;
    }

    /**
     * Removes every field with this name.
     *
     * @param name the field name, any case
     * @return how many were removed
     */
    public int removeAll(String name) {
        int n = 0;
        while (remove(name)) {
            n++;
        }
        return n;
    }

    /** Removes every field: libevent's {@code evhttp_clear_headers}. */
    public void clear() {
        fields.clear();
    }

    /** {@return how many fields there are} */
    public int size() {
        return fields.size() / 2;
    }

    /** {@return whether there is no field} */
    public boolean isEmpty() {
        return fields.isEmpty();
    }

    /**
     * The name of a field by its place.
     *
     * @param index 0 to {@code size() - 1}, in the order the fields were added
     * @return the name of that field, as it was written
     */
    public String name(int index) {
        return fields.get(Objects.checkIndex(index, size()) * 2);
    }

    /**
     * The value of a field by its place.
     *
     * @param index 0 to {@code size() - 1}
     * @return the value of that field
     */
    public String value(int index) {
        return fields.get(Objects.checkIndex(index, size()) * 2 + 1);
    }

    /**
     * Calls {@code action} with each name and value, in order: libevent's {@code TAILQ_FOREACH}.
     *
     * @param action what to do with each field
     */
    public void forEach(BiConsumer<String, String> action) {
        for (int i = 0; i < fields.size(); i += 2) {
            action.accept(fields.get(i), fields.get(i + 1));
        }
    }

    /** {@return the fields as {@code Name: value} lines} */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        forEach((n, v) -> sb.append(n).append(": ").append(v).append('\n'));
        return sb.toString();
    }
}
