package io.jevent.listener;

import java.io.IOException;

/**
 * What a {@link ConnListener} runs when {@code accept()} fails, for example when the process is out
 * of file descriptors: libevent's {@code evconnlistener_errorcb}.
 */
@FunctionalInterface
public interface AcceptErrorCallback {
    /**
     * Runs on the loop thread. After it returns, the listener pauses accepting for a short, growing
     * delay and then resumes by itself, unless this callback disabled or closed it.
     *
     * @param listener the listener
     * @param cause    why {@code accept()} failed (libevent's {@code EVUTIL_SOCKET_ERROR()})
     */
    void onError(ConnListener listener, IOException cause);
}
