/**
 * jevent's JDK Flight Recorder events: not exported by the module, not an API. The events are
 * known to recordings by their names ({@code io.jevent.SlowCallback}, {@code io.jevent.LoopStall},
 * {@code io.jevent.ConnectionAccepted}, {@code io.jevent.ConnectionClosed},
 * {@code io.jevent.AcceptError}), which are the stable part; {@link io.jevent.internal.jfr.FlightEvents}
 * is where jevent commits them, at no cost while no recording wants them.
 */
package io.jevent.internal.jfr;
