package io.jevent.examples;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Command-line arguments of an example: {@code --name value} options, {@code --flag} switches and
 * positional words. Unknown options are refused so that a typo never goes unnoticed.
 */
final class Args {
    /** Servers listen on the loopback address unless {@code --bind} says otherwise. */
    static final String DEFAULT_BIND = "127.0.0.1";

    private final Map<String, String> options = new HashMap<>();
    private final List<String> positional = new ArrayList<>();

    private Args() {
    }

    /**
     * @param valued the options that take a value, e.g. {@code "port"}
     * @param flags  the options that take none, e.g. {@code "async"}
     */
    static Args parse(String[] argv, List<String> valued, List<String> flags) {
        Args a = new Args();
        for (int i = 0; i < argv.length; i++) {
            String arg = argv[i];
            if (arg.length() == 2 && arg.charAt(0) == '-' && Character.isLetter(arg.charAt(1))) {
                arg = "-" + arg;   // -o is --o: one-letter options are spelled either way
            }
            if (arg.startsWith("--")) {
                String name = arg.substring(2);
                if (flags.contains(name)) {
                    a.options.put(name, "true");
                } else if (valued.contains(name)) {
                    if (i + 1 >= argv.length) {
                        throw new UsageException("--" + name + " needs a value");
                    }
                    a.options.put(name, argv[++i]);
                } else {
                    throw new UsageException("unknown option " + arg);
                }
            } else {
                a.positional.add(arg);
            }
        }
        return a;
    }

    boolean flag(String name) {
        return options.containsKey(name);
    }

    String string(String name, String fallback) {
        return options.getOrDefault(name, fallback);
    }

    int integer(String name, int fallback, int min, int max) {
        String v = options.get(name);
        return v == null ? fallback : number("--" + name, v, min, max);
    }

    List<String> positional() {
        return positional;
    }

    /**
     * The positional word at {@code index}, or {@code fallback} if there are fewer; more words than
     * {@code max} are refused.
     *
     * @param fallback null if the word is required
     */
    String word(int index, String name, String fallback, int max) {
        if (positional.size() > max) {
            throw new UsageException("too many arguments: " + String.join(" ", positional.subList(max, positional.size())));
        }
        if (index < positional.size()) {
            return positional.get(index);
        }
        if (fallback == null) {
            throw new UsageException(name + " is missing");
        }
        return fallback;
    }

    /**
     * Where a server listens: {@code --bind} (default 127.0.0.1) and the port option, 0 for any free
     * port. A server takes no positional argument.
     */
    InetSocketAddress listenAddress(String portOption, int defaultPort) {
        if (!positional.isEmpty()) {
            throw new UsageException("unexpected argument: " + positional.get(0));
        }
        int port = integer(portOption, defaultPort, 0, 65535);
        String bind = string("bind", DEFAULT_BIND);
        try {
            return new InetSocketAddress(InetAddress.getByName(bind), port);
        } catch (UnknownHostException e) {
            throw new UsageException("--bind is not an address of this machine: " + bind);
        }
    }

    /** Parses {@code value} as an integer in {@code min..max}; {@code what} names it in the message. */
    static int number(String what, String value, int min, int max) {
        try {
            int n = Integer.parseInt(value);
            if (n < min || n > max) {
                throw new UsageException(what + " must be " + min + ".." + max + ": " + value);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException(what + " is not a number: " + value);
        }
    }

    /** A mistake on the command line: printed with the usage, exit code 2. */
    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
