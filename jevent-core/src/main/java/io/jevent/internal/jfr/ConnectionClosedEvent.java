package io.jevent.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** A socket {@code BufferEvent} that was closed, with what it moved over its life. */
@Name("io.jevent.ConnectionClosed")
@Label("Connection Closed")
@Category({"jevent", "Network"})
@StackTrace(false)
public final class ConnectionClosedEvent extends jdk.jfr.Event {
    @Label("Remote Address")
    String remoteAddress;

    @Label("Bytes Read")
    @DataAmount(DataAmount.BYTES)
    long bytesRead;

    @Label("Bytes Written")
    @DataAmount(DataAmount.BYTES)
    long bytesWritten;

    @Label("Channel Closed")
    boolean channelClosed;
}
