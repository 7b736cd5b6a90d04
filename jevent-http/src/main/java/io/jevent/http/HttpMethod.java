package io.jevent.http;

/**
 * The request methods jevent knows: libevent's {@code enum evhttp_cmd_type}, with the same bit
 * values so that a set of allowed methods is one {@code int} as in
 * {@code evhttp_set_allowed_methods}.
 */
public enum HttpMethod {
    /** {@code EVHTTP_REQ_GET}. */
    GET(1 << 0, true),
    /** {@code EVHTTP_REQ_POST}. */
    POST(1 << 1, true),
    /** {@code EVHTTP_REQ_HEAD}: the reply's body is not sent. */
    HEAD(1 << 2, false),
    /** {@code EVHTTP_REQ_PUT}. */
    PUT(1 << 3, true),
    /** {@code EVHTTP_REQ_DELETE}. */
    DELETE(1 << 4, true),
    /** {@code EVHTTP_REQ_OPTIONS}. */
    OPTIONS(1 << 5, true),
    /** {@code EVHTTP_REQ_TRACE}: a request body is not allowed. */
    TRACE(1 << 6, false),
    /** {@code EVHTTP_REQ_CONNECT}: the target is an authority, {@code host:port}. */
    CONNECT(1 << 7, true),
    /** {@code EVHTTP_REQ_PATCH}. */
    PATCH(1 << 8, true);

    /** Every method: libevent's default for {@code evhttp_set_allowed_methods} is fewer (no CONNECT, TRACE, OPTIONS, PATCH). */
    public static final int ALL = (1 << 9) - 1;

    private static final HttpMethod[] VALUES = values();

    private final int bit;
    private final boolean mayHaveBody;

    HttpMethod(int bit, boolean mayHaveBody) {
        this.bit = bit;
        this.mayHaveBody = mayHaveBody;
    }

    /** {@return libevent's {@code EVHTTP_REQ_*} value, one bit} */
    public int bit() {
        return bit;
    }

    /** {@return whether a request with this method may carry a body (libevent's {@code evhttp_method_may_have_body})} */
    public boolean mayHaveBody() {
        return mayHaveBody;
    }

    /**
     * The method of a name, as it appears on the request line (case-sensitive, as RFC 9110 says).
     *
     * @param name the method's name, e.g. {@code "GET"}
     * @return the method, or null when jevent does not know it
     */
    public static HttpMethod of(String name) {
        for (HttpMethod m : VALUES) {
            if (m.name().equals(name)) {
                return m;
            }
        }
        return null;
    }

    /**
     * A set of methods as bits, for {@link HttpServer#setAllowedMethods(int)}.
     *
     * @param methods the methods
     * @return their bits or-ed together
     */
    public static int bits(HttpMethod... methods) {
        int bits = 0;
        for (HttpMethod m : methods) {
            bits |= m.bit;
        }
        return bits;
    }
}
