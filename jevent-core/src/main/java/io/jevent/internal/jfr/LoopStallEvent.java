package io.jevent.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * An iteration whose callbacks kept the loop from polling longer than the base's stall threshold:
 * for that long no new readiness, timeout or hand-off from another thread was seen.
 */
@Name("io.jevent.LoopStall")
@Label("Loop Stall")
@Category({"jevent", "Event Loop"})
@Description("The loop ran callbacks without polling for longer than the EventBase's stall threshold")
@StackTrace(false)
public final class LoopStallEvent extends jdk.jfr.Event {
    @Label("Stall Time")
    @Description("From the end of the poll to the end of the iteration's callbacks")
    @Timespan(Timespan.NANOSECONDS)
    long stallTime;

    @Label("Callbacks")
    @Description("Callbacks run in the iteration")
    int callbacks;
}
