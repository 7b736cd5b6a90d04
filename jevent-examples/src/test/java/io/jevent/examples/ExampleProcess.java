package io.jevent.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * An example in a JVM of its own, started from a jar as {@code java -jar} starts it, optionally under
 * a lower descriptor limit ({@code ulimit -n}), with its output captured line by line.
 */
final class ExampleProcess implements AutoCloseable {
    private static final long WAIT_SECONDS = 30;
    private static final Pattern ADDRESS = Pattern.compile("listening on (\\d{1,3}(?:\\.\\d{1,3}){3}):(\\d+)");

    final String name;
    final Process process;
    private final StringBuilder out = new StringBuilder();
    private final StringBuilder err = new StringBuilder();

    private ExampleProcess(String name, Process process) {
        this.name = name;
        this.process = process;
        pump(process.getInputStream(), out);
        pump(process.getErrorStream(), err);
    }

    /**
     * Starts {@code java -jar jar argv...}, under {@code ulimit -n fdLimit} unless it is 0, on the
     * backend this test run chose ({@link ChosenBackend}).
     *
     * @param jar the examples jar, from {@link #jar(Path)}
     */
    static ExampleProcess start(Path jar, int fdLimit, String... argv) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        StringBuilder command = new StringBuilder(fdLimit > 0 ? "ulimit -n " + fdLimit + " && " : "");
        command.append("exec '").append(java).append("' -XX:TieredStopAtLevel=1");
        for (String option : ChosenBackend.property()) {
            command.append(" '").append(option).append('\'');
        }
        command.append(" -jar '").append(jar).append('\'');
        for (String a : argv) {
            command.append(" '").append(a).append('\'');
        }
        return new ExampleProcess(argv[0], new ProcessBuilder("bash", "-c", command.toString()).start());
    }

    /**
     * Packs the examples and the modules they use, as found on this test's class path, into one
     * runnable jar like the one the build makes: a multi-release jar (jevent-core's classes for JDK
     * 22+, the epoll backend among them, come along when it was built there) whose manifest lets
     * {@code java -jar} run a native backend with no flag. A jar matters under a descriptor limit: a
     * class loaded from a directory opens a file, a class loaded from a jar does not.
     */
    static Path jar(Path dir) throws IOException {
        Path jar = dir.resolve("jevent-examples.jar");
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.put(Attributes.Name.MAIN_CLASS, Main.class.getName());
        main.put(Attributes.Name.MULTI_RELEASE, "true");
        main.putValue("Add-Exports", "java.base/sun.nio.ch");
        main.putValue("Enable-Native-Access", "ALL-UNNAMED");
        List<String> added = new ArrayList<>();
        try (JarOutputStream zip = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
                Path p = Path.of(entry);
                if (Files.isDirectory(p) && p.getFileName().toString().equals("classes")) {
                    try (Stream<Path> files = Files.walk(p)) {
                        for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                            add(zip, added, p.relativize(f).toString().replace(File.separatorChar, '/'),
                                    Files.readAllBytes(f));
                        }
                    }
                } else if (p.getFileName().toString().startsWith("jevent-") && entry.endsWith(".jar")) {
                    try (JarFile in = new JarFile(p.toFile())) {
                        for (JarEntry e : (Iterable<JarEntry>) in.stream()::iterator) {
                            if (!e.isDirectory()) {
                                try (InputStream s = in.getInputStream(e)) {
                                    add(zip, added, e.getName(), s.readAllBytes());
                                }
                            }
                        }
                    }
                }
            }
        }
        assertThat(added).as("classes packed").contains("io/jevent/examples/Main.class", "io/jevent/EventBase.class");
        return jar;
    }

    private static void add(JarOutputStream zip, List<String> added, String name, byte[] bytes) throws IOException {
        boolean versioned = name.startsWith("META-INF/versions/");
        if (name.startsWith("META-INF/") && !versioned || name.endsWith("module-info.class") || added.contains(name)) {
            return;
        }
        added.add(name);
        zip.putNextEntry(new JarEntry(name));
        zip.write(bytes);
        zip.closeEntry();
    }

    /** The address of the first line, {@code NAME: listening on 127.0.0.1:P}. */
    InetSocketAddress address() throws InterruptedException {
        String first = awaitOut("listening on ");
        Matcher m = ADDRESS.matcher(first);
        assertThat(m.find()).as(first).isTrue();
        return new InetSocketAddress(m.group(1), Integer.parseInt(m.group(2)));
    }

    /** Waits, bounded, for a line of output that contains {@code text}. */
    String awaitOut(String text) throws InterruptedException {
        return await(out, text);
    }

    /** Waits, bounded, for a line of error output that contains {@code text}. */
    String awaitErr(String text) throws InterruptedException {
        return await(err, text);
    }

    /** What it printed on stderr, without the notices of ignored signals ({@link ExampleRunner#err()}). */
    String err() {
        synchronized (err) {
            return ExampleRunner.withoutIgnoredSignalNotices(err.toString());
        }
    }

    /** Sends a signal: {@code "STOP"}, {@code "CONT"}, {@code "TERM"}. */
    void signal(String which) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + which, String.valueOf(process.pid())).start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0).as("kill -" + which).isTrue();
    }

    /** Ends it with SIGTERM, as a user would, and returns its exit code. */
    int stop() throws Exception {
        signal("TERM");
        assertThat(process.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)).as(name + " ended").isTrue();
        return process.exitValue();
    }

    private String await(StringBuilder stream, String text) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        synchronized (stream) {
            while (true) {
                String found = stream.toString().lines().filter(l -> l.contains(text)).findFirst().orElse(null);
                if (found != null) {
                    return found;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || !process.isAlive()) {
                    throw new AssertionError(name + ": no line with \"" + text + "\" in " + WAIT_SECONDS
                            + " s or before it ended; stdout:\n" + out + "\nstderr:\n" + err());
                }
                TimeUnit.NANOSECONDS.timedWait(stream, Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)));
            }
        }
    }

    private static void pump(InputStream stream, StringBuilder sink) {
        Consumer<String> add = line -> {
            synchronized (sink) {
                sink.append(line).append('\n');
                sink.notifyAll();
            }
        };
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                r.lines().forEach(add);
            } catch (IOException e) {
                add.accept("(output lost: " + e + ")");
            }
        }, "example-output");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        OutputStream in = process.getOutputStream();
        in.close();
    }
}
