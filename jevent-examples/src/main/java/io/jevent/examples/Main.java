package io.jevent.examples;

/**
 * The examples jar's entry point: {@code java -jar jevent-examples.jar NAME [options]}.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.out.println("usage: java -jar jevent-examples.jar help");
    }
}
