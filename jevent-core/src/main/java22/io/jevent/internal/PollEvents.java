package io.jevent.internal;

/**
 * The poll(2) readiness bits, which Linux's epoll uses unchanged ({@code EPOLLIN == POLLIN}, and so
 * on) and io_uring's poll requests take and report, and what they mean to the loop.
 */
final class PollEvents {
    static final int IN = 0x001;
    static final int OUT = 0x004;
    static final int ERR = 0x008;
    static final int HUP = 0x010;
    static final int RDHUP = 0x2000;

    private PollEvents() {
    }

    /**
     * libevent's epoll mapping: an error or a hang-up wakes every kind of watcher, whose I/O then
     * meets it.
     *
     * @param events the bits the kernel reported
     * @return {@link EventFlags} READ, WRITE and CLOSED as they apply
     */
    static int readiness(int events) {
        if ((events & (ERR | HUP)) != 0) {
            return EventFlags.READ | EventFlags.WRITE | EventFlags.CLOSED;
        }
        int ev = 0;
        if ((events & IN) != 0) {
            ev |= EventFlags.READ;
        }
        if ((events & OUT) != 0) {
            ev |= EventFlags.WRITE;
        }
        if ((events & RDHUP) != 0) {
            ev |= EventFlags.CLOSED;
        }
        return ev;
    }
}
