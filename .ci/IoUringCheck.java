import io.jevent.BackendKind;
import io.jevent.EventBase;

/**
 * Prints nothing if jevent's io_uring backend can run in this JVM on this kernel, else why not:
 * CI runs the io_uring pass only where it can (a container's seccomp profile may forbid io_uring).
 * Run with jevent-core's jar on the class path and the backends' two JVM flags.
 */
class IoUringCheck {
    public static void main(String[] args) {
        if (!BackendKind.IO_URING.isAvailable()) {
            try {
                EventBase.builder().backend(BackendKind.IO_URING);
            } catch (UnsupportedOperationException e) {
                System.out.println(e.getMessage());
            }
        }
    }
}
