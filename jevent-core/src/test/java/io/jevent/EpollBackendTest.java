package io.jevent;

/**
 * The native backends' contract over epoll. What epoll does differently from io_uring needs no test
 * of its own: both map the same flags, and the contract holds for both.
 */
class EpollBackendTest extends NativeBackendContract {
    @Override
    BackendKind kind() {
        return BackendKind.EPOLL;
    }
}
