/**
 * jevent: libevent's event loop, buffers, buffered events and listeners in pure Java.
 *
 * <p>Only the public API packages are exported; every {@code *.internal} package stays private to
 * this module. {@code jdk.unsupported} gives access to {@code sun.misc.Signal}, the only way a Java
 * program can catch POSIX signals such as SIGINT and SIGTERM.
 */
module io.jevent {
    requires jdk.unsupported;

    exports io.jevent;
    exports io.jevent.buffer;
    exports io.jevent.bufferevent;
    exports io.jevent.listener;
}
