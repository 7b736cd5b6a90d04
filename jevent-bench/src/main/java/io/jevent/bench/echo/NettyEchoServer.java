package io.jevent.bench.echo;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Netty's canonical echo server (write on read, flush on read-complete) on one event-loop thread
 * (or a group of them), with the NIO, the native epoll or the native io_uring transport and Netty's
 * default pooled allocator.
 */
public final class NettyEchoServer implements EchoServer {
    /** Which Netty transport; {@link #backend()} reports it by its lower-case name. */
    public enum Transport {
        NIO, EPOLL, IO_URING
    }

    private final Transport transport;

    private final EventLoopGroup group;
    private final Channel server;
    private final AtomicReference<Thread> loopThread = new AtomicReference<>();

    public NettyEchoServer(Transport transport, InetSocketAddress address) throws InterruptedException {
        this(transport, address, 1);
    }

    /**
     * @param loops how many event-loop threads the group has; the first one started is the one
     *              {@link #start()} returns
     */
    public NettyEchoServer(Transport transport, InetSocketAddress address, int loops) throws InterruptedException {
        this.transport = transport;
        IoHandlerFactory io;
        Class<? extends ServerChannel> channel;
        switch (transport) {
            case NIO:
                io = NioIoHandler.newFactory();
                channel = NioServerSocketChannel.class;
                break;
            case EPOLL:
                if (!Epoll.isAvailable()) {
                    throw unavailable("epoll", Epoll.unavailabilityCause());
                }
                io = EpollIoHandler.newFactory();
                channel = EpollServerSocketChannel.class;
                break;
            default:
                if (!IoUring.isAvailable()) {
                    throw unavailable("io_uring", IoUring.unavailabilityCause());
                }
                io = IoUringIoHandler.newFactory();
                channel = IoUringServerSocketChannel.class;
                break;
        }
        AtomicInteger started = new AtomicInteger();
        group = new MultiThreadIoEventLoopGroup(loops, r -> {
            int i = started.getAndIncrement();
            Thread t = new Thread(r, "netty-echo-" + transport.name().toLowerCase() + (loops == 1 ? "" : "-" + i));
            loopThread.compareAndSet(null, t);
            return t;
        }, io);
        server = new ServerBootstrap()
                .group(group)
                .channel(channel)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childHandler(new Echo())
                .bind(address).sync().channel();
    }

    /** A transport this machine cannot run: the comparison skips it and prints why. */
    private static UnsupportedOperationException unavailable(String name, Throwable cause) {
        UnsupportedOperationException e = new UnsupportedOperationException("Netty's " + name
                + " transport is unavailable here: " + cause);
        e.initCause(cause);
        return e;
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
    public String backend() {
        return transport.name().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public Thread start() {
        // Netty's loop already runs; its thread exists once the bind ran on it.
        return loopThread.get();
    }

    @Override
    public void close() throws Exception {
        server.close().sync();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).sync();
    }
}
