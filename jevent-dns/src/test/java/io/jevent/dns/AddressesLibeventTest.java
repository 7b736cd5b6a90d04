package io.jevent.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.StandardProtocolFamily;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Replays what libevent 2.1.12 answers for each text in {@code libevent-2.1/addresses.rules}: the
 * table was printed by {@code addresses.c} (next to it) linked against the C library.
 */
class AddressesLibeventTest {
    @Test
    void acceptsAndRefusesExactlyWhatLibeventDoes() throws IOException {
        List<String> mismatches = new ArrayList<>();
        int cases = 0;
        for (String[] row : rules()) {
            cases++;
            String kind = row[0];
            String text = row[1];
            String expected = row[2];
            String actual;
            if (kind.equals("S")) {
                actual = sockaddr(text, row);
                if (actual == null) {
                    continue;
                }
            } else {
                byte[] b = Addresses.inetPton(kind.equals("4") ? StandardProtocolFamily.INET
                        : StandardProtocolFamily.INET6, text);
                actual = b == null ? "REFUSE" : HexFormat.of().formatHex(b);
            }
            String want = kind.equals("S") && !expected.equals("REFUSE")
                    ? expected + " " + row[3] + " " + row[4] : expected;
            if (!want.equals(actual)) {
                mismatches.add(kind + " '" + text + "': libevent " + want + ", jevent " + actual);
            }
        }
        assertThat(cases).isGreaterThan(130);
        assertThat(mismatches).isEmpty();
    }

    /** "hex port scope" or REFUSE; null when libevent's scope id is one Java cannot hold. */
    private static String sockaddr(String text, String[] row) {
        boolean bigScope = row.length > 4 && Long.parseLong(row[4]) > Integer.MAX_VALUE;
        try {
            InetSocketAddress a = Addresses.parseSockaddrPort(text);
            assertThat(bigScope).as("scope of %s", text).isFalse();
            int scope = a.getAddress() instanceof Inet6Address ? ((Inet6Address) a.getAddress()).getScopeId() : 0;
            return HexFormat.of().formatHex(a.getAddress().getAddress()) + " " + a.getPort() + " " + scope;
        } catch (IllegalArgumentException e) {
            if (bigScope) {
                assertThat(e).hasMessageContaining("does not fit");
                return null;
            }
            assertThat(e).hasMessageContaining(text);
            return "REFUSE";
        }
    }

    @Test
    void keepsAnIpv4MappedAddressAsIpv6() {
        InetSocketAddress a = Addresses.parseSockaddrPort("[::ffff:1.2.3.4]:443");
        assertThat(a.getAddress()).isInstanceOf(Inet6Address.class);
        assertThat(a.getPort()).isEqualTo(443);
        assertThat(Addresses.parseSockaddrPort("1.2.3.4:80").getAddress()).isInstanceOf(Inet4Address.class);
    }

    @Test
    void takesAnInterfaceNameAsTheScope() throws IOException {
        NetworkInterface lo = NetworkInterface.getByName("lo");
        if (lo == null) {
            return;
        }
        InetSocketAddress a = Addresses.parseSockaddrPort("[fe80::1%lo]:80");
        assertThat(((Inet6Address) a.getAddress()).getScopeId()).isEqualTo(lo.getIndex());
    }

    @Test
    void refusesNamesAndUnknownFamiliesWithAClearMessage() {
        assertThatThrownBy(() -> Addresses.parseSockaddrPort("localhost:80"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'localhost'");
        assertThatThrownBy(() -> Addresses.parseSockaddrPort("1.2.3.4:0"))
                .hasMessageContaining("port is not 1 to 65535");
        assertThatThrownBy(() -> Addresses.inetPton(StandardProtocolFamily.UNIX, "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("INET or INET6");
    }

    static List<String[]> rules() throws IOException {
        List<String[]> rows = new ArrayList<>();
        try (InputStream in = AddressesLibeventTest.class.getResourceAsStream("/libevent-2.1/addresses.rules");
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null;) {
                rows.add(line.split("\t", -1));
            }
        }
        return rows;
    }
}
