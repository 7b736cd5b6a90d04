package io.jevent.dns;

import io.jevent.Ev;
import io.jevent.Event;
import io.jevent.EventBase;
import io.jevent.buffer.EvBuffer;
import io.jevent.bufferevent.BevEvent;
import io.jevent.bufferevent.BevOption;
import io.jevent.bufferevent.BufferEvent;
import io.jevent.dns.internal.MalformedMessageException;
import io.jevent.dns.internal.Message;
import io.jevent.dns.internal.MessageParser;
import io.jevent.dns.internal.MessageWriter;
import io.jevent.dns.internal.Rr;
import io.jevent.listener.ConnListener;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Objects;

/**
 * A DNS server on one port, UDP and TCP: libevent's {@code evdns_add_server_port}. Each
 * well-formed query reaches the callback as a {@link DnsServerRequest}, which answers with
 * records, an error code, or nothing. Queries that do not parse, responses, and queries with
 * another opcode than QUERY are answered FORMERR or NOTIMP when their header can be read, and
 * dropped otherwise.
 *
 * <pre>{@code
 * DnsServer.bind(base, new InetSocketAddress("127.0.0.1", 5353), req -> {
 *     for (DnsQuestion q : req.questions()) {
 *         if (q.type() == DnsRecord.A && q.name().equalsIgnoreCase("example.test")) {
 *             req.addAnswer(DnsRecord.a(q.name(), 60, (Inet4Address) InetAddress.getByName("10.0.0.1")));
 *         }
 *     }
 *     req.respond(DnsServerRequest.NOERROR);
 * });
 * }</pre>
 *
 * <p>A TCP connection may carry several queries; it is closed after 30 s without one.
 *
 * <p><b>Threads:</b> create and close it on any thread while the loop is not running, or on the
 * loop thread; the callback and the requests belong to the loop thread.
 */
public final class DnsServer implements AutoCloseable {
    private static final Duration TCP_IDLE = Duration.ofSeconds(30);

    private final EventBase base;
    private final DnsServerCallback callback;
    private final DatagramChannel udp;
    private final Event udpEvent;
    private final ConnListener tcp;
    private final ByteBuffer receive = ByteBuffer.allocate(65536);
    private final MessageWriter writer = new MessageWriter();
    private boolean closed;

    private DnsServer(EventBase base, DatagramChannel udp, ServerSocketChannel tcpChannel, DnsServerCallback callback) {
        this.base = base;
        this.callback = callback;
        this.udp = udp;
        this.udpEvent = base.newEvent(udp, Ev.READ | Ev.PERSIST, (ev, what) -> readUdp());
        this.udpEvent.add();
        this.tcp = ConnListener.wrap(base, tcpChannel, (l, ch, peer) -> accept(ch, peer),
                ConnListener.Option.CLOSE_ON_FREE);
    }

    /**
     * Listens on {@code address} over UDP and TCP. With port 0, the port is chosen so that both
     * protocols get the same one.
     *
     * @param base     the loop
     * @param address  where to listen, such as 127.0.0.1:5353
     * @param callback what answers each request
     * @return the server
     * @throws IOException when the port cannot be bound for both protocols
     */
    public static DnsServer bind(EventBase base, InetSocketAddress address, DnsServerCallback callback)
            throws IOException {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(callback, "callback");
        IOException last = null;
        for (int attempt = 0; attempt < (address.getPort() == 0 ? 20 : 1); attempt++) {
            DatagramChannel udp = DatagramChannel.open();
            ServerSocketChannel tcp = null;
            try {
                udp.bind(address);
                udp.configureBlocking(false);
                int port = ((InetSocketAddress) udp.getLocalAddress()).getPort();
                tcp = ServerSocketChannel.open();
                tcp.bind(new InetSocketAddress(address.getAddress(), port), 128);
                return new DnsServer(base, udp, tcp, callback);
            } catch (IOException e) {
                last = e;
                udp.close();
                if (tcp != null) {
                    tcp.close();
                }
            }
        }
        throw new IOException("cannot listen for DNS on " + address + " over both UDP and TCP", last);
    }

    /**
     * Where the server listens: {@code evdns_add_server_port}'s socket.
     *
     * @return the bound address, the same port for UDP and TCP
     */
    public InetSocketAddress localAddress() {
        try {
            return (InetSocketAddress) udp.getLocalAddress();
        } catch (IOException e) {
            throw new IllegalStateException("the DNS server is closed", e);
        }
    }

    private void readUdp() {
        while (!closed) {
            receive.clear();
            SocketAddress from;
            try {
                from = udp.receive(receive);
            } catch (IOException e) {
                return;
            }
            if (from == null) {
                return;
            }
            handle(receive.array(), receive.position(), (InetSocketAddress) from, null);
        }
    }

    private void handle(byte[] bytes, int length, InetSocketAddress peer, TcpClient client) {
        Message query;
        try {
            query = MessageParser.parse(bytes, length);
        } catch (MalformedMessageException e) {
            refuse(bytes, length, peer, client, Message.FORMERR);
            return;
        }
        if (query.response) {
            return;
        }
        if (query.opcode != Message.OPCODE_QUERY) {
            refuse(bytes, length, peer, client, Message.NOTIMP);
            return;
        }
        if (client != null) {
            client.pending++;
        }
        callback.onRequest(new DnsServerRequest(this, query, peer, client));
    }

    /** Answers a query that cannot be served with {@code rcode}, if its header can be read. */
    private void refuse(byte[] bytes, int length, InetSocketAddress peer, TcpClient client, int rcode) {
        if (length < 12 || (bytes[2] & 0x80) != 0) {
            return;
        }
        Message m = new Message();
        m.id = (bytes[0] & 0xFF) << 8 | (bytes[1] & 0xFF);
        m.response = true;
        m.opcode = (bytes[2] >> 3) & 0xF;
        m.rcode = rcode;
        transmit(m, peer, client, 512);
    }

    void send(DnsServerRequest request, Message answer) {
        if (closed) {
            return;
        }
        int limit = 0;
        if (request.tcp == null) {
            int size = request.query.ednsPayloadSize;
            limit = size >= 512 ? Math.min(size, 65_507) : 512;
            if (size > 0) {
                // An EDNS0 query gets an OPT back (RFC 6891), with the size this server takes.
                answer.additional.add(Rr.raw("", Rr.OPT, 1232, 0, new byte[0]));
            }
        } else {
            request.tcp.pending--;
        }
        transmit(answer, request.peer, request.tcp, limit);
    }

    void dropped(DnsServerRequest request) {
        if (request.tcp != null) {
            request.tcp.pending--;
        }
    }

    private void transmit(Message m, InetSocketAddress peer, TcpClient client, int limit) {
        writer.write(m, client == null ? limit : 0);
        if (client != null) {
            int n = writer.length();
            if (n > 0xFFFF) {
                return;
            }
            client.bev.write(new byte[] {(byte) (n >> 8), (byte) n});
            client.bev.write(writer.array(), 0, n);
            return;
        }
        try {
            udp.send(writer.toByteBuffer(), peer);
        } catch (IOException e) {
            // UDP: a lost answer is the client's timeout, as if the network had lost it.
        }
    }

    private void accept(SocketChannel channel, SocketAddress peer) {
        BufferEvent bev = BufferEvent.socket(base, channel, BevOption.CLOSE_ON_FREE);
        TcpClient client = new TcpClient(bev, (InetSocketAddress) peer);
        bev.setCallbacks(b -> client.readable(), null, (b, events) -> {
            if ((events & (BevEvent.EOF | BevEvent.ERROR | BevEvent.TIMEOUT)) != 0) {
                b.close();
            }
        });
        bev.setTimeouts(TCP_IDLE, null);
        bev.enable(Ev.READ);
    }

    /** One TCP connection: queries arrive behind two-byte lengths (RFC 1035 section 4.2.2). */
    final class TcpClient {
        final BufferEvent bev;
        final InetSocketAddress peer;
        int pending;
        private final byte[] frame = new byte[65535];

        TcpClient(BufferEvent bev, InetSocketAddress peer) {
            this.bev = bev;
            this.peer = peer;
        }

        void readable() {
            EvBuffer in = bev.input();
            while (in.length() >= 2) {
                byte[] head = new byte[2];
                in.copyOut(head);
                int n = (head[0] & 0xFF) << 8 | (head[1] & 0xFF);
                if (in.length() < 2 + n) {
                    return;
                }
                in.drain(2);
                in.remove(frame, 0, n);
                handle(frame, n, peer, this);
            }
        }
    }

    /**
     * Stops listening: {@code evdns_close_server_port}. Requests not yet answered are dropped.
     * Loop thread, or any thread while the loop is not running.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        udpEvent.close();
        tcp.close();
        try {
            udp.close();
        } catch (IOException ignored) {
            // Nothing was pending on it.
        }
    }
}
