package io.jevent.dns;

import io.jevent.dns.internal.Message;
import io.jevent.dns.internal.MessageParser;
import io.jevent.dns.internal.MessageWriter;
import io.jevent.dns.internal.Rr;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real dnsmasq on 127.0.0.1 at a free port, serving a generated configuration, started for a
 * test class and stopped (by its process) when closed.
 */
final class Dnsmasq implements AutoCloseable {
    /** The zone every resolver test uses; TTLs are 60 s. */
    static final List<String> ZONE = List.of(
            "host-record=www.example.test,10.0.0.1,fd00::1",
            "host-record=v4only.example.test,10.0.0.2",
            "host-record=v6only.example.test,fd00::2",
            "host-record=host.corp.test,10.0.0.3",
            "host-record=two.example.test,10.0.0.4",
            "host-record=two.example.test,10.0.0.5",
            "cname=alias.example.test,www.example.test",
            "ptr-record=1.0.0.10.in-addr.arpa,www.example.test",
            "txt-record=example.test,\"v=spf1 -all\"",
            "mx-host=example.test,mail.example.test,10",
            "local=/test/",
            "local-ttl=60");

    final Process process;
    final int port;
    final Path dir;

    private Dnsmasq(Process process, int port, Path dir) {
        this.process = process;
        this.port = port;
        this.dir = dir;
    }

    static Dnsmasq start(List<String> records) throws Exception {
        String exe = Peers.require("dnsmasq", "dnsmasq");
        Path dir = Files.createTempDirectory("jevent-dnsmasq");
        IOException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            int port = freePort();
            Path conf = dir.resolve("dnsmasq.conf");
            StringBuilder b = new StringBuilder();
            b.append("port=").append(port).append('\n')
                    .append("listen-address=127.0.0.1\nbind-interfaces\nno-resolv\nno-hosts\n")
                    .append("pid-file=\nuser=\n");
            for (String r : records) {
                b.append(r).append('\n');
            }
            Files.writeString(conf, b, StandardCharsets.UTF_8);
            Process p = new ProcessBuilder(exe, "--keep-in-foreground", "--conf-file=" + conf, "--log-facility=-")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("dnsmasq.log").toFile()).start();
            Dnsmasq d = new Dnsmasq(p, port, dir);
            if (d.answers()) {
                return d;
            }
            d.close();
            last = new IOException("dnsmasq did not answer on port " + port + ": "
                    + Files.readString(dir.resolve("dnsmasq.log")));
        }
        throw last;
    }

    /** Waits (up to 10 s, by asking) until dnsmasq answers a query, or it exits. */
    private boolean answers() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        try (DatagramSocket s = new DatagramSocket()) {
            s.setSoTimeout(100);
            byte[] q = new MessageWriter().query(7, "www.example.test", Rr.A, 0).toByteArray();
            byte[] in = new byte[512];
            while (System.nanoTime() < deadline && process.isAlive()) {
                s.send(new DatagramPacket(q, q.length, new InetSocketAddress("127.0.0.1", port)));
                try {
                    DatagramPacket p = new DatagramPacket(in, in.length);
                    s.receive(p);
                    Message m = MessageParser.parse(in, p.getLength());
                    if (m.id == 7) {
                        return true;
                    }
                } catch (SocketTimeoutException | java.net.PortUnreachableException notYet) {
                    // dnsmasq is still starting: ask again.
                }
            }
        }
        return false;
    }

    String address() {
        return "127.0.0.1:" + port;
    }

    static int freePort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0, java.net.InetAddress.getLoopbackAddress());
                java.net.ServerSocket t = new java.net.ServerSocket(s.getLocalPort(), 1,
                        java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (java.net.BindException taken) {
            return freePort();
        }
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
