package io.jevent.dns;

import io.jevent.dns.internal.Message;
import io.jevent.dns.internal.MessageParser;
import io.jevent.dns.internal.MessageWriter;
import io.jevent.dns.internal.Question;
import io.jevent.dns.internal.Rr;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.BiFunction;

/**
 * A scripted DNS server on 127.0.0.1 for what dnsmasq will not do: stay silent, fail, truncate,
 * answer with a wrong ID, from another port, or with garbage. UDP and TCP on one port, each
 * served by its own thread; the script decides, per query, which datagrams go back.
 */
final class FakeServer implements AutoCloseable {
    /** What to send back for a query: zero or more datagrams, each from the server's port or not. */
    record Reply(byte[] bytes, boolean fromOtherPort) {
    }

    final DatagramSocket udp;
    final ServerSocket tcp;
    private final DatagramSocket otherPort;
    /** Every query received over UDP, with the port it came from. */
    final List<Received> queries = new CopyOnWriteArrayList<>();
    final LinkedBlockingQueue<Received> arrivals = new LinkedBlockingQueue<>();
    final List<Message> tcpQueries = new CopyOnWriteArrayList<>();
    volatile BiFunction<Message, Integer, List<Reply>> script;
    volatile BiFunction<Message, Integer, Message> tcpScript = (q, n) -> answer(q, "10.9.9.9");
    private final Thread udpThread;
    private final Thread tcpThread;

    record Received(Message message, int sourcePort) {
    }

    FakeServer(BiFunction<Message, Integer, List<Reply>> script) throws IOException {
        this.script = script;
        InetAddress lo = InetAddress.getLoopbackAddress();
        DatagramSocket u = null;
        ServerSocket t = null;
        for (int i = 0; i < 20 && t == null; i++) {
            u = new DatagramSocket(0, lo);
            try {
                t = new ServerSocket(u.getLocalPort(), 10, lo);
            } catch (IOException taken) {
                u.close();
            }
        }
        udp = u;
        tcp = t;
        otherPort = new DatagramSocket(0, lo);
        udpThread = new Thread(this::serveUdp, "fake-dns-udp");
        tcpThread = new Thread(this::serveTcp, "fake-dns-tcp");
        udpThread.start();
        tcpThread.start();
    }

    String address() {
        return "127.0.0.1:" + udp.getLocalPort();
    }

    private void serveUdp() {
        byte[] buf = new byte[65536];
        int n = 0;
        while (!udp.isClosed()) {
            try {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                udp.receive(p);
                Message q = MessageParser.parse(buf, p.getLength());
                Received r = new Received(q, p.getPort());
                queries.add(r);
                arrivals.add(r);
                for (Reply reply : script.apply(q, n++)) {
                    DatagramPacket out = new DatagramPacket(reply.bytes(), reply.bytes().length, p.getSocketAddress());
                    (reply.fromOtherPort() ? otherPort : udp).send(out);
                }
            } catch (SocketException closed) {
                return;
            } catch (IOException e) {
                // A query the test made malformed on purpose; keep serving.
            }
        }
    }

    private void serveTcp() {
        int n = 0;
        while (!tcp.isClosed()) {
            try (Socket s = tcp.accept()) {
                DataInputStream in = new DataInputStream(s.getInputStream());
                byte[] q = new byte[in.readUnsignedShort()];
                in.readFully(q);
                Message m = MessageParser.parse(q, q.length);
                tcpQueries.add(m);
                byte[] a = new MessageWriter().write(tcpScript.apply(m, n++), 0).toByteArray();
                DataOutputStream out = new DataOutputStream(s.getOutputStream());
                out.writeShort(a.length);
                out.write(a);
                out.flush();
            } catch (IOException e) {
                if (tcp.isClosed()) {
                    return;
                }
            }
        }
    }

    /** A NOERROR answer to {@code q} with one A record per address (AAAA for IPv6 ones). */
    static Message answer(Message q, String... addresses) {
        Message m = reply(q, Message.NOERROR);
        Question question = q.questions.get(0);
        for (String a : addresses) {
            byte[] b;
            try {
                b = InetAddress.getByName(a).getAddress();
            } catch (IOException e) {
                throw new AssertionError(e);
            }
            m.answers.add(new Rr(question.name, b.length == 4 ? Rr.A : Rr.AAAA, 1, 30, b, null, 0, 0, 0, null, null,
                    null, null));
        }
        return m;
    }

    static Message reply(Message q, int rcode) {
        Message m = new Message();
        m.id = q.id;
        m.response = true;
        m.recursionDesired = q.recursionDesired;
        m.recursionAvailable = true;
        m.rcode = rcode;
        m.questions.addAll(q.questions);
        return m;
    }

    static byte[] bytes(Message m) {
        return new MessageWriter().write(m, 0).toByteArray();
    }

    static List<Reply> send(Message m) {
        return List.of(new Reply(bytes(m), false));
    }

    @Override
    public void close() throws Exception {
        udp.close();
        tcp.close();
        otherPort.close();
        udpThread.join(10_000);
        tcpThread.join(10_000);
    }

    static InetSocketAddress loopback(int port) {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }
}
