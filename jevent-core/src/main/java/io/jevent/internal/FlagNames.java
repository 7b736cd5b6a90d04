package io.jevent.internal;

/** Renders a set of flag bits as their names joined by {@code |}, for messages and logs. */
public final class FlagNames {
    private FlagNames() {
    }

    /**
     * @param flags the bits to render; 0 renders as {@code "0"}, unknown bits as hex
     * @param bits  the known bits, in the order to print them
     * @param names their names
     */
    public static String join(int flags, int[] bits, String[] names) {
        if (flags == 0) {
            return "0";
        }
        StringBuilder sb = new StringBuilder();
        int known = 0;
        for (int i = 0; i < bits.length; i++) {
            known |= bits[i];
            if ((flags & bits[i]) != 0) {
                sb.append(sb.length() == 0 ? "" : "|").append(names[i]);
            }
        }
        int unknown = flags & ~known;
        if (unknown != 0) {
            sb.append(sb.length() == 0 ? "" : "|").append("0x").append(Integer.toHexString(unknown));
        }
        return sb.toString();
    }
}
