package io.jevent.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** A failed {@code accept()} on a {@code ConnListener}, which then pauses and retries. */
@Name("io.jevent.AcceptError")
@Label("Accept Error")
@Category({"jevent", "Network"})
@StackTrace(false)
public final class AcceptErrorEvent extends jdk.jfr.Event {
    @Label("Local Address")
    String localAddress;

    @Label("Exception Class")
    Class<?> exceptionClass;

    @Label("Message")
    String message;
}
