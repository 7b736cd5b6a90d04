package io.jevent.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Out of file descriptors, every server keeps running and serves again once clients leave: each
 * runs from the jar under {@code ulimit -n 96}, more clients connect (and send a request) than it
 * has descriptors for, they all leave, and then a new client must get its answer.
 */
class FdExhaustionTest {
    private static final int FD_LIMIT = 96;
    private static final int CLIENTS = 200;

    @TempDir
    static Path dir;
    private static Path jar;

    @BeforeAll
    static void packJar() throws IOException {
        jar = ExampleProcess.jar(dir);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "echo           | hello\\n | hello\\n",
        "echo-events    | hello\\n | hello\\n",
        "rot13          | hello\\n | uryyb\\n",
        "rot13-events   | hello\\n | uryyb\\n",
        "rot13-selector | hello\\n | uryyb\\n",
        "rot13-threads  | hello\\n | uryyb\\n",
        "http-server    | GET /nothing-here HTTP/1.0\\r\\n\\r\\n | HTTP/1."})
    void aServerOutOfDescriptorsServesAgainOnceClientsLeave(String name, String request, String answer)
            throws Exception {
        byte[] ask = unescape(request).getBytes(StandardCharsets.US_ASCII);
        String expected = unescape(answer);
        // An explicit backlog: the default one is read from a file at start-up, and that I/O would
        // initialise some of the JDK's I/O classes early, hiding whether the server does it itself.
        List<String> argv = new ArrayList<>(List.of(name, "--port", "0", "--backlog", "1024"));
        if (name.equals("http-server")) {
            argv.addAll(List.of("--dir", dir.toString()));
        }
        try (ExampleProcess server = ExampleProcess.start(jar, FD_LIMIT, argv.toArray(String[]::new))) {
            InetSocketAddress address = server.address();
            List<Socket> crowd = new ArrayList<>();
            try {
                for (int i = 0; i < CLIENTS; i++) {
                    Socket s = new Socket();
                    crowd.add(s);
                    s.connect(address, 10_000);   // the listen queue holds them all
                    s.getOutputStream().write(ask);
                }
                server.awaitErr("Too many open files");
            } finally {
                for (Socket s : crowd) {
                    s.close();
                }
            }
            String got;
            try {
                got = exchange(address, ask);
            } catch (IOException e) {
                throw new AssertionError(name + " did not answer after the crowd left; stderr:\n" + server.err(), e);
            }
            assertThat(got).as(server.err()).startsWith(expected);
            assertThat(server.process.isAlive()).as(name + " is running").isTrue();
            assertThat(server.err()).doesNotContain("NoClassDefFoundError", "ExceptionInInitializerError");
            assertThat(server.stop()).isZero();
        }
    }

    /** Sends the request, ends its side, and reads until the server closes, within 30 s. */
    static String exchange(InetSocketAddress address, byte[] request) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(address, 10_000);
            s.setSoTimeout(30_000);
            s.getOutputStream().write(request);
            s.shutdownOutput();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            in.transferTo(got);
            return got.toString(StandardCharsets.US_ASCII);
        }
    }

    private static String unescape(String s) {
        return s.replace("\\r", "\r").replace("\\n", "\n");
    }
}
