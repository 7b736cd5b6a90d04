package io.jevent.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** A connection a {@code ConnListener} accepted, before its accept callback runs. */
@Name("io.jevent.ConnectionAccepted")
@Label("Connection Accepted")
@Category({"jevent", "Network"})
@StackTrace(false)
public final class ConnectionAcceptedEvent extends jdk.jfr.Event {
    @Label("Local Address")
    String localAddress;

    @Label("Remote Address")
    String remoteAddress;
}
