package io.jevent.bench.http;

import io.jevent.EventBase;
import io.jevent.http.BufferEventFactory;
import io.jevent.http.HttpServer;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.AsciiString;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An HTTP hello-world server on one loop thread, with jevent-http, with Netty's HTTP codec on NIO or
 * on native epoll: the same reply ({@code 200}, {@code text/plain}, a {@code Date}, 13 bytes,
 * keep-alive) for every request, so that a load generator measures only the HTTP machinery.
 *
 * <p>{@code java -cp benchmarks.jar io.jevent.bench.http.HelloServer jevent|jevent-completion|netty-nio|netty-epoll PORT}
 * (0 for any port). {@code jevent} runs the backend AUTO picks; {@code jevent-completion} asks for
 * io_uring's completion-based socket I/O (JDK 22+, Linux 6.0). Prints {@code ready PORT BACKEND};
 * a line {@code stats} on stdin prints
 * {@code stats ALLOCATED REQUESTS}: the bytes the loop thread has allocated and the requests it has
 * answered, so that a script gets bytes per request from two of them.
 */
public final class HelloServer {
    static final byte[] HELLO = "Hello, World!".getBytes(StandardCharsets.US_ASCII);

    /** Requests answered; written by the loop thread alone, so an ordered store is enough. */
    private static final AtomicLong REQUESTS = new AtomicLong();
    private static final AtomicReference<Thread> LOOP = new AtomicReference<>();

    private HelloServer() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: HelloServer jevent|jevent-completion|netty-nio|netty-epoll PORT");
            System.exit(2);
        }
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", Integer.parseInt(args[1]));
        switch (args[0]) {
            case "jevent" -> jevent(address, false);
            case "jevent-completion" -> jevent(address, true);
            case "netty", "netty-nio" -> netty(address, false);
            case "netty-epoll" -> netty(address, true);
            default -> {
                System.err.println("unknown server " + args[0] + ": jevent, jevent-completion, netty-nio or netty-epoll");
                System.exit(2);
            }
        }
    }

    private static void counted() {
        REQUESTS.lazySet(REQUESTS.get() + 1);
    }

    static void jevent(InetSocketAddress address, boolean completionIo) throws Exception {
        EventBase.Builder builder = EventBase.builder();
        if (completionIo) {
            builder.completionIo(true);
        }
        try (EventBase base = builder.build(); HttpServer http = new HttpServer(base)) {
            if (completionIo && !base.completesIo()) {
                throw new IllegalStateException("completion-based I/O is unavailable here: it needs the io_uring"
                        + " backend (JDK 22+, Linux 6.0), which runs " + base.backendName());
            }
            // Nagle off, as Netty has it by default and the C server sets it.
            http.setBufferEventFactory((b, channel) -> {
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                return BufferEventFactory.SOCKET.create(b, channel);
            });
            http.setGenericCallback(req -> {
                req.outputHeaders().add("Content-Type", "text/plain");
                req.output().add(HELLO);
                req.sendReply(200, "OK", null);
                counted();
            });
            int port = ((InetSocketAddress) http.bind(address).localAddress()).getPort();
            LOOP.set(Thread.currentThread());
            ready(port, base.backendName() + (base.completesIo() ? "+completion" : ""));
            base.dispatch();
        }
    }

    static void netty(InetSocketAddress address, boolean epoll) throws Exception {
        if (epoll && !Epoll.isAvailable()) {
            throw new IllegalStateException("Netty's epoll transport is unavailable here", Epoll.unavailabilityCause());
        }
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerChannel> channel = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, r -> {
            Thread t = new Thread(r, "netty-hello");
            LOOP.set(t);
            return t;
        }, io);
        try {
            var bound = new ServerBootstrap().group(group).channel(channel)
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new HttpServerCodec(), new Hello());
                        }
                    }).bind(address).sync().channel();
            ready(((InetSocketAddress) bound.localAddress()).getPort(), epoll ? "epoll" : "nio");
            Thread.currentThread().join();
        } finally {
            group.shutdownGracefully();
        }
    }

    /**
     * Prints the port and the backend, then answers {@code stats} lines on a thread of its own until
     * stdin ends.
     */
    private static void ready(int port, String backend) {
        System.out.println("ready " + port + " " + backend);
        System.out.flush();
        Thread stats = new Thread(() -> {
            com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.equals("stats")) {
                        Thread loop = LOOP.get();
                        long alloc = loop == null ? 0 : mx.getThreadAllocatedBytes(loop.getId());
                        System.out.println("stats " + alloc + " " + REQUESTS.get());
                        System.out.flush();
                    }
                }
            } catch (java.io.IOException e) {
                // stdin closed: no more questions; the script stops the server by its pid.
            }
        }, "hello-stats");
        stats.setDaemon(true);
        stats.start();
    }

    /**
     * Netty's usual hello world: reply to each request head, flush when a read is done. The Date
     * value is formatted once per second, as jevent and libevent do, so that every server sends it.
     */
    private static final class Hello extends SimpleChannelInboundHandler<HttpObject> {
        private static final ByteBuf BODY = Unpooled.unreleasableBuffer(Unpooled.directBuffer().writeBytes(HELLO));
        private long dateSecond = -1;
        private AsciiString date;

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        private AsciiString date() {
            long now = System.currentTimeMillis();
            if (now / 1000 != dateSecond) {
                dateSecond = now / 1000;
                date = new AsciiString(DateFormatter.format(new Date(now)));
            }
            return date;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
            if (msg instanceof HttpRequest req) {
                boolean keepAlive = HttpUtil.isKeepAlive(req);
                FullHttpResponse res = new DefaultFullHttpResponse(req.protocolVersion(), HttpResponseStatus.OK,
                        BODY.duplicate());
                res.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.TEXT_PLAIN)
                        .set(HttpHeaderNames.DATE, date())
                        .setInt(HttpHeaderNames.CONTENT_LENGTH, HELLO.length);
                if (keepAlive) {
                    if (!req.protocolVersion().isKeepAliveDefault()) {
                        res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
                    }
                    ctx.write(res);
                } else {
                    res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                    ctx.write(res).addListener(ChannelFutureListener.CLOSE);
                }
                counted();
            }
        }
    }
}
