package io.jevent.examples;

import java.io.PrintStream;
import java.util.List;

/**
 * One subcommand of the examples jar: its usage line (whose first word is its name), one line of
 * summary for {@code help}, the options it takes, and what it does.
 */
abstract class Example {
    private final String usage;
    private final String summary;
    private final List<String> valuedOptions;
    private final List<String> flags;

    /**
     * @param usage         the usage line without the {@code java -jar} part, e.g.
     *                      {@code "echo [--port P]"}
     * @param summary       one line for {@code help}
     * @param valuedOptions the options that take a value, e.g. {@code "port"}
     * @param flags         the options that take none, e.g. {@code "async"}
     */
    Example(String usage, String summary, List<String> valuedOptions, List<String> flags) {
        this.usage = usage;
        this.summary = summary;
        this.valuedOptions = valuedOptions;
        this.flags = flags;
    }

    /** An example without flags. */
    Example(String usage, String summary, List<String> valuedOptions) {
        this(usage, summary, valuedOptions, List.of());
    }

    /** The subcommand, e.g. {@code "echo"}. */
    final String name() {
        return usage.split(" ", 2)[0];
    }

    final String usage() {
        return usage;
    }

    final String summary() {
        return summary;
    }

    final List<String> valuedOptions() {
        return valuedOptions;
    }

    final List<String> flags() {
        return flags;
    }

    /**
     * Runs the example until it is done or stopped, on the calling thread.
     *
     * @param out what the example reports
     * @param err where it reports errors
     * @return the process exit code
     * @throws Args.UsageException   for a mistake on the command line (exit code 2)
     * @throws java.io.IOException   or {@link java.io.UncheckedIOException} for a failure to report in
     *                               one line, such as a port in use (exit code 1)
     */
    abstract int run(Args args, PrintStream out, PrintStream err) throws Exception;
}
