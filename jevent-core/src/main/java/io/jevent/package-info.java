/**
 * The event loop: libevent's {@code event2/event.h}.
 *
 * <p>An {@link io.jevent.EventBase} waits for things to happen and runs callbacks when they do. The
 * things are {@link io.jevent.Event}s: a channel becoming readable or writable, a timeout passing, a
 * signal arriving, or another piece of code calling {@link io.jevent.Event#activate}. An event is
 * created with a callback, made pending with {@code add()}, and becomes active when what it waits
 * for happens; the loop then runs its callback on the loop thread.
 *
 * <pre>{@code
 * EventBase base = new EventBase();
 * Event reader = base.newEvent(channel, Ev.READ | Ev.PERSIST, (ev, what) -> {
 *     if ((what & Ev.TIMEOUT) != 0) {
 *         System.out.println("idle for 30 s");   // and the event stays pending
 *     } else {
 *         readFrom(channel);
 *     }
 * });
 * reader.add(Duration.ofSeconds(30));
 * base.dispatch();
 * }</pre>
 *
 * <p>Flags ({@link io.jevent.Ev}) have libevent's names and values. The threading rule is the same
 * everywhere: callbacks run one at a time on the loop thread; most operations may be called from any
 * thread, and each method's Javadoc says which. An exception a callback throws is logged and the
 * loop goes on with the next callback, unless the {@link io.jevent.EventBase.Builder} says otherwise.
 *
 * <p>To use several cores, run one base per thread, as libevent's documentation advises: an
 * {@link io.jevent.EventBaseGroup} starts N bases on N threads of its own and spreads work over
 * them; {@link io.jevent.listener.GroupListener} spreads accepted connections the same way.
 */
package io.jevent;
