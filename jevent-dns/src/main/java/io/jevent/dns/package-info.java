/**
 * libevent's evdns ({@code event2/dns.h}) on jevent, and evutil's address parsing.
 *
 * <p>{@link io.jevent.dns.Addresses} parses "1.2.3.4:80" and "[::1]:80" exactly as
 * {@code evutil_parse_sockaddr_port} does.
 *
 * <p><b>Threads:</b> each type states its rule; the parsing functions may be called from any
 * thread.
 */
package io.jevent.dns;
