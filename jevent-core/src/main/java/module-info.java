/**
 * jevent: libevent's event loop, buffers, buffered events and listeners in pure Java.
 *
 * <p>Only the public API packages are exported; every {@code *.internal} package stays private to
 * this module. {@code jdk.unsupported} gives access to {@code sun.misc.Signal}, the only way a Java
 * program can catch POSIX signals such as SIGINT and SIGTERM. {@code java.management} publishes a
 * base's metrics over JMX and {@code jdk.jfr} defines jevent's flight-recorder events; both are
 * modules of the JDK, not dependencies.
 */
module io.jevent {
    requires jdk.unsupported;
    requires java.management;
    requires jdk.jfr;

    exports io.jevent;
    exports io.jevent.buffer;
    exports io.jevent.bufferevent;
    exports io.jevent.listener;
}
