package io.jevent.dns;

/**
 * The result of a lookup: libevent's {@code DNS_ERR_*} codes, with the same numbers and the
 * messages of {@code evdns_err_to_string}. The first six are the server's RCODE; the others are
 * the resolver's own.
 *
 * <p>An immutable value; any thread.
 */
public enum DnsError {
    /** {@code DNS_ERR_NONE}: success. */
    NONE(0, "no error"),
    /** {@code DNS_ERR_FORMAT}: the server did not understand the query. */
    FORMAT(1, "misformatted query"),
    /** {@code DNS_ERR_SERVERFAILED}: the server failed. */
    SERVERFAILED(2, "server failed"),
    /** {@code DNS_ERR_NOTEXIST}: the name does not exist (NXDOMAIN). */
    NOTEXIST(3, "name does not exist"),
    /** {@code DNS_ERR_NOTIMPL}: the server does not do this kind of query. */
    NOTIMPL(4, "query not implemented"),
    /** {@code DNS_ERR_REFUSED}: the server refused the query. */
    REFUSED(5, "refused"),
    /** {@code DNS_ERR_TRUNCATED}: the answer was truncated and could not be fetched over TCP. */
    TRUNCATED(65, "reply truncated or ill-formed"),
    /** {@code DNS_ERR_UNKNOWN}: an error with no better code, such as a malformed answer. */
    UNKNOWN(66, "unknown"),
    /** {@code DNS_ERR_TIMEOUT}: no answer within the timeout and attempts configured. */
    TIMEOUT(67, "request timed out"),
    /** {@code DNS_ERR_SHUTDOWN}: the resolver was closed with the request pending. */
    SHUTDOWN(68, "dns subsystem shut down"),
    /** {@code DNS_ERR_CANCEL}: the request was cancelled. */
    CANCEL(69, "dns request canceled"),
    /** {@code DNS_ERR_NODATA}: the name exists but has no record of the type asked. */
    NODATA(70, "no records in the reply");

    private final int code;
    private final String message;

    DnsError(int code, String message) {
        this.code = code;
        this.message = message;
    }

    /**
     * libevent's number for this result.
     *
     * @return the {@code DNS_ERR_*} value
     */
    public int code() {
        return code;
    }

    /**
     * libevent's text for this result ({@code evdns_err_to_string}).
     *
     * @return the message
     */
    public String message() {
        return message;
    }

    /**
     * The result with libevent's number {@code code}.
     *
     * @param code a {@code DNS_ERR_*} value
     * @return the result; {@link #UNKNOWN} for a number that is none of them
     */
    public static DnsError of(int code) {
        for (DnsError e : values()) {
            if (e.code == code) {
                return e;
            }
        }
        return UNKNOWN;
    }
}
