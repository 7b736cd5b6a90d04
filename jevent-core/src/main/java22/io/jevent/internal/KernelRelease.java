package io.jevent.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The running Linux kernel's release, for features the kernel cannot be asked about directly. */
final class KernelRelease {
    private static final int[] RELEASE = read();

    private KernelRelease() {
    }

    /** Whether the kernel is {@code major.minor} or later; false if its release cannot be read. */
    static boolean atLeast(int major, int minor) {
        return RELEASE[0] > major || RELEASE[0] == major && RELEASE[1] >= minor;
    }

    private static int[] read() {
        try {
            String[] parts = Files.readString(Path.of("/proc/sys/kernel/osrelease")).trim().split("[.-]");
            return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
        } catch (IOException | RuntimeException e) {
            return new int[] {0, 0};
        }
    }
}
