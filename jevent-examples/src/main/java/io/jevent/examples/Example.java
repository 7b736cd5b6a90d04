package io.jevent.examples;

import java.io.PrintStream;
import java.util.List;

/** One subcommand of the examples jar. */
interface Example {
    /** The subcommand, e.g. {@code "echo"}. */
    String name();

    /** One line for {@code help}. */
    String summary();

    /** The usage line, without the {@code java -jar} part, e.g. {@code "echo [--port P]"}. */
    String usage();

    /** The options that take a value, e.g. {@code "port"}. */
    default List<String> valuedOptions() {
        return List.of();
    }

    /** The options that take no value, e.g. {@code "async"}. */
    default List<String> flags() {
        return List.of();
    }

    /**
     * Runs the example until it is done or stopped.
     *
     * @return the process exit code
     */
    int run(Args args, PrintStream out) throws Exception;
}
