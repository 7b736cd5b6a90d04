package io.jevent.bench.echo;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Netty's canonical echo server behind its {@code SslHandler}, with the JDK's TLS provider
 * ({@link SslProvider#JDK}, the same {@code SSLEngine} jevent drives), on one NIO event-loop thread
 * and Netty's default pooled allocator.
 */
public final class NettyTlsEchoServer implements EchoServer {
    private final EventLoopGroup group;
    private final Channel server;
    private final AtomicReference<Thread> loopThread = new AtomicReference<>();

    public NettyTlsEchoServer(InetSocketAddress address, Path certDir) throws IOException, InterruptedException {
        SslContext ssl = SslContextBuilder.forServer(TlsEchoSetup.cert(certDir).toFile(),
                TlsEchoSetup.key(certDir).toFile())
                .sslProvider(SslProvider.JDK)
                .protocols(TlsEchoSetup.PROTOCOL)
                .ciphers(TlsEchoSetup.ciphers())
                .build();
        group = new MultiThreadIoEventLoopGroup(1, r -> {
            Thread t = new Thread(r, "netty-echo-tls");
            loopThread.set(t);
            return t;
        }, NioIoHandler.newFactory());
        server = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(ssl.newHandler(ch.alloc()), new Echo());
                    }
                })
                .bind(address).sync().channel();
    }

    @Override
    public String backend() {
        return "nio";
    }

    @ChannelHandler.Sharable
    private static final class Echo extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.write(msg);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    @Override
    public InetSocketAddress address() {
        return (InetSocketAddress) server.localAddress();
    }

    @Override
    public Thread start() {
        return loopThread.get();
    }

    @Override
    public void close() throws Exception {
        server.close().sync();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }
}
