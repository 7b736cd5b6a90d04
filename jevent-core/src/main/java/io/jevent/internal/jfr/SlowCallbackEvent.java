package io.jevent.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * A callback that kept the loop thread longer than the base's slow-callback threshold. Committed
 * after the callback returned, so the stack trace would show the loop, not the callback: it is off.
 */
@Name("io.jevent.SlowCallback")
@Label("Slow Callback")
@Category({"jevent", "Event Loop"})
@Description("A callback ran longer than the EventBase's slow-callback threshold")
@StackTrace(false)
public final class SlowCallbackEvent extends jdk.jfr.Event {
    @Label("Callback Time")
    @Timespan(Timespan.NANOSECONDS)
    long callbackTime;

    @Label("Event")
    @Description("The event whose callback ran, as Event.toString() shows it")
    String event;

    @Label("Callback Class")
    @Description("The class of the user's callback, or of the jevent object that owns the event")
    Class<?> callbackClass;

    @Label("Priority")
    int priority;
}
