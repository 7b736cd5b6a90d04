package io.jevent.dns;

/**
 * The result of {@link DnsResolver#getAddrInfo}: libevent's {@code EVUTIL_EAI_*} codes, with the
 * numbers libevent uses where the system has none of its own.
 *
 * <p>An immutable value; any thread.
 */
public enum AddrInfoError {
    /** Success. */
    NONE(0, "no error"),
    /** {@code EVUTIL_EAI_ADDRFAMILY}: the host has no address of the family asked. */
    ADDRFAMILY(-901, "address family for nodename not supported"),
    /** {@code EVUTIL_EAI_AGAIN}: a temporary failure; try again later. */
    AGAIN(-902, "temporary failure in name resolution"),
    /** {@code EVUTIL_EAI_BADFLAGS}: the hints' flags are invalid. */
    BADFLAGS(-903, "invalid value for ai_flags"),
    /** {@code EVUTIL_EAI_FAIL}: a non-recoverable failure, such as a timeout or SERVFAIL. */
    FAIL(-904, "non-recoverable failure in name resolution"),
    /** {@code EVUTIL_EAI_FAMILY}: the family is not supported. */
    FAMILY(-905, "ai_family not supported"),
    /** {@code EVUTIL_EAI_MEMORY}: out of memory. */
    MEMORY(-906, "memory allocation failure"),
    /** {@code EVUTIL_EAI_NODATA}: the name has no address. */
    NODATA(-907, "no address associated with nodename"),
    /** {@code EVUTIL_EAI_NONAME}: the name is unknown, or a numeric host was required. */
    NONAME(-908, "nodename nor servname provided, or not known"),
    /** {@code EVUTIL_EAI_SERVICE}: the service is unknown for the socket type. */
    SERVICE(-909, "servname not supported for ai_socktype"),
    /** {@code EVUTIL_EAI_SOCKTYPE}: the socket type is not supported. */
    SOCKTYPE(-910, "ai_socktype not supported"),
    /** {@code EVUTIL_EAI_SYSTEM}: a system error. */
    SYSTEM(-911, "system error"),
    /** {@code EVUTIL_EAI_CANCEL}: the request was cancelled. */
    CANCEL(-90001, "Request canceled");

    private final int code;
    private final String message;

    AddrInfoError(int code, String message) {
        this.code = code;
        this.message = message;
    }

    /**
     * libevent's number.
     *
     * @return the {@code EVUTIL_EAI_*} value, 0 for {@link #NONE}
     */
    public int code() {
        return code;
    }

    /**
     * The text of {@code evutil_gai_strerror}.
     *
     * @return the message
     */
    public String message() {
        return message;
    }
}
