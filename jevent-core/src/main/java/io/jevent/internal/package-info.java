/**
 * The engine behind {@code io.jevent}: not exported by the module, not an API.
 *
 * <p>{@link io.jevent.internal.EventLoop} decides which thread may change what;
 * {@link io.jevent.internal.LoopState} holds the events and applies libevent's rules;
 * {@link io.jevent.internal.TimerQueues}, {@link io.jevent.internal.ActiveQueues} and
 * {@link io.jevent.internal.Watch} are its intrusive structures; {@link io.jevent.internal.Backend}
 * is the seam to the operating system's readiness API, {@link io.jevent.internal.NioBackend} the
 * java.nio implementation, and {@link io.jevent.internal.NativeBackends} finds the epoll and
 * io_uring ones, which only the JDK 22 classes of the multi-release jar hold;
 * {@link io.jevent.internal.Inbox} carries work from other threads and
 * {@link io.jevent.internal.SignalHub} carries signals.
 */
package io.jevent.internal;
