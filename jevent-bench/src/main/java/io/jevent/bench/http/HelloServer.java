package io.jevent.bench.http;

import io.jevent.EventBase;
import io.jevent.buffer.EvBuffer;
import io.jevent.http.HttpServer;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * An HTTP hello-world server on one loop thread, with jevent-http or with Netty's HTTP codec: the
 * same reply ({@code 200}, {@code text/plain}, 13 bytes, keep-alive) for every request, so that a
 * load generator measures only the HTTP machinery.
 *
 * <p>{@code java -cp benchmarks.jar io.jevent.bench.http.HelloServer jevent|netty PORT}
 */
public final class HelloServer {
    static final byte[] HELLO = "Hello, World!".getBytes(StandardCharsets.US_ASCII);

    private HelloServer() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: HelloServer jevent|netty PORT");
            System.exit(2);
        }
        int port = Integer.parseInt(args[1]);
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
        if (args[0].equals("jevent")) {
            jevent(address);
        } else {
            netty(address);
        }
    }

    static void jevent(InetSocketAddress address) throws Exception {
        try (EventBase base = new EventBase(); HttpServer http = new HttpServer(base)) {
            http.setGenericCallback(req -> {
                req.outputHeaders().add("Content-Type", "text/plain");
                req.output().add(HELLO);
                req.sendReply(200, "OK", null);
            });
            http.bind(address);
            System.out.println("jevent-http hello on " + address);
            base.dispatch();
        }
    }

    static void netty(InetSocketAddress address) throws Exception {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new HttpServerCodec(), new Hello());
                        }
                    }).bind(address).sync();
            System.out.println("netty hello on " + address);
            Thread.currentThread().join();
        } finally {
            group.shutdownGracefully();
        }
    }

    /** Netty's usual hello world: reply to each request head, flush when a read is done. */
    private static final class Hello extends SimpleChannelInboundHandler<HttpObject> {
        private static final ByteBuf BODY = Unpooled.unreleasableBuffer(Unpooled.directBuffer().writeBytes(HELLO));

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
            if (msg instanceof HttpRequest req) {
                boolean keepAlive = HttpUtil.isKeepAlive(req);
                FullHttpResponse res = new DefaultFullHttpResponse(req.protocolVersion(), HttpResponseStatus.OK,
                        BODY.duplicate());
                res.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.TEXT_PLAIN)
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
            }
        }
    }
}
