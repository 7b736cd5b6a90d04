package io.jevent.dns;

import io.jevent.dns.internal.Message;
import io.jevent.dns.internal.Names;
import io.jevent.dns.internal.Rr;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/** Reads the addresses or names out of a reply. */
final class AnswerReader {
    private AnswerReader() {
    }

    static DnsAnswer read(String fqdn, int type, int code, Message reply) {
        DnsError error = DnsError.of(code);
        if (reply == null) {
            return new DnsAnswer(error, type, fqdn, List.of(), List.of(), 0);
        }
        if (error != DnsError.NONE) {
            return new DnsAnswer(error, type, fqdn, List.of(), List.of(), negativeTtl(reply));
        }
        List<String> chain = new ArrayList<>(2);
        chain.add(fqdn);
        long ttl = Long.MAX_VALUE;
        // Follow CNAMEs from the name asked, in any order, bounded by the records present.
        for (int round = 0; round < reply.answers.size(); round++) {
            boolean grew = false;
            for (Rr r : reply.answers) {
                if (r.type == Rr.CNAME && inChain(chain, r.name) && !inChain(chain, r.target)) {
                    chain.add(r.target);
                    ttl = Math.min(ttl, r.ttl);
                    grew = true;
                }
            }
            if (!grew) {
                break;
            }
        }
        List<InetAddress> addresses = new ArrayList<>();
        List<String> names = new ArrayList<>();
        long recordTtl = Long.MAX_VALUE;
        for (Rr r : reply.answers) {
            if (r.type != type || !inChain(chain, r.name)) {
                continue;
            }
            recordTtl = Math.min(recordTtl, r.ttl);
            if (type == Rr.PTR) {
                names.add(r.target);
            } else {
                addresses.add(address(r.address));
            }
        }
        if (addresses.isEmpty() && names.isEmpty()) {
            return new DnsAnswer(DnsError.NODATA, type, fqdn, List.of(), List.of(), negativeTtl(reply));
        }
        return new DnsAnswer(DnsError.NONE, type, fqdn, addresses, names, Math.min(ttl, recordTtl));
    }

    private static InetAddress address(byte[] b) {
        try {
            return b.length == 16 ? Inet6Address.getByAddress(null, b, -1) : InetAddress.getByAddress(b);
        } catch (java.net.UnknownHostException impossible) {
            throw new AssertionError(impossible);
        }
    }

    private static boolean inChain(List<String> chain, String name) {
        for (String c : chain) {
            if (Names.equal(c, name)) {
                return true;
            }
        }
        return false;
    }

    /** RFC 2308: the smaller of the SOA record's TTL and its minimum field. */
    private static long negativeTtl(Message reply) {
        for (Rr r : reply.authority) {
            if (r.type == Rr.SOA && r.soa != null) {
                return Math.min(r.ttl, r.soa[4]);
            }
        }
        return 0;
    }
}
