/**
 * jevent-dns: libevent's evdns ({@code event2/dns.h}) on jevent: an asynchronous DNS resolver, a
 * DNS server, and evutil's address parsing ({@code evutil_parse_sockaddr_port},
 * {@code evutil_inet_pton}). It needs nothing but jevent-core.
 *
 * <p>Only {@code io.jevent.dns} is exported; the message codec in {@code io.jevent.dns.internal}
 * stays private to this module.
 */
module io.jevent.dns {
    requires transitive io.jevent;

    exports io.jevent.dns;
}
