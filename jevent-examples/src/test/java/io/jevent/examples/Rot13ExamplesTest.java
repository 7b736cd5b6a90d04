package io.jevent.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The four ROT13 servers of the async I/O introduction answer the same input with the same bytes: the rule of
 * {@link Rot13}, written again here from its documentation, is the reference for all of them.
 */
class Rot13ExamplesTest {
    private static final List<String> SERVERS = List.of("rot13", "rot13-events", "rot13-selector", "rot13-threads");
    private static final int MAX_LINE = 16 * 1024;

    @Test
    void allFourAnswerSplitLinesLongLinesAndOddBytesIdentically() throws Exception {
        List<byte[]> chunks = List.of(
                ascii("Hello, World!\nHel"),   // "Hel" is read with the line before it, "lo\n" comes after its answer
                ascii("lo\n"),
                concat(letters(100 * 1024, 3), ascii("\n")),   // a 100 KiB line: answered in 16 KiB pieces
                concat(letters(MAX_LINE, 4), ascii("\n")),      // exactly the limit: a piece, then an empty line
                concat(letters(MAX_LINE - 1, 5), ascii("\n")),  // one byte less: one line
                ascii("crlf stays\r\n\n\nÜnïcødé, ÄÖ, nopqrstuvwxyz NOPQRSTUVWXYZ 0123456789\n"),
                concat(everyByteButNewline(), ascii("\n")),
                ascii("an unterminated last line"));
        List<Clients.Step> script = new ArrayList<>();
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        for (byte[] chunk : chunks) {
            sent.writeBytes(chunk);
            script.add(new Clients.Step(chunk, answer(sent.toByteArray(), false).length));
        }
        byte[] expected = answer(sent.toByteArray(), true);
        assertThat(new String(expected, 0, 18, StandardCharsets.US_ASCII)).isEqualTo("Uryyb, Jbeyq!\nUryy");
        for (String name : SERVERS) {
            ExampleRunner server = ExampleRunner.start(name, "--port", "0");
            InetSocketAddress address = server.address();
            byte[] got = Clients.run(address, List.of(script), Duration.ofSeconds(30)).get(0);
            assertThat(got).as(name).isEqualTo(expected);
            assertThat(server.stop()).isZero();
            assertThat(server.err()).as(name).isEmpty();
            Ports.assertReleased(address);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"rot13", "rot13-events", "rot13-selector", "rot13-threads"})
    void twoHundredClientsAtOnceEachGetTheAnswersToTheirOwnLines(String name) throws Exception {
        Random random = new Random(name.hashCode());
        List<byte[]> requests = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            ByteArrayOutputStream lines = new ByteArrayOutputStream();
            lines.writeBytes(ascii("client " + i + "\n"));
            for (int n = random.nextInt(40); n > 0; n--) {
                // Mostly short lines, and now and then one longer than the limit.
                int length = random.nextInt(10) == 0 ? random.nextInt(3 * MAX_LINE) : random.nextInt(200);
                lines.writeBytes(letters(length, random.nextLong()));
                lines.write('\n');
            }
            requests.add(lines.toByteArray());
        }
        ExampleRunner server = ExampleRunner.start(name, "--port", "0");
        List<byte[]> answers = Clients.exchange(server.address(), requests, Duration.ofSeconds(40));
        for (int i = 0; i < requests.size(); i++) {
            assertThat(answers.get(i)).as("client %d", i).isEqualTo(answer(requests.get(i), true));
        }
        assertThat(server.stop()).isZero();
    }

    /**
     * The documented rule: each line is answered rotated when its newline arrives; 16 KiB without a
     * newline are answered as a line of their own; after the client's last byte, the rest is
     * answered without a newline.
     */
    static byte[] answer(byte[] input, boolean ended) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (byte b : input) {
            if (b == '\n') {
                out.writeBytes(line.toByteArray());
                out.write('\n');
                line.reset();
                continue;
            }
            line.write(rot13(b));
            if (line.size() == MAX_LINE) {
                out.writeBytes(line.toByteArray());
                out.write('\n');
                line.reset();
            }
        }
        if (ended) {
            out.writeBytes(line.toByteArray());
        }
        return out.toByteArray();
    }

    private static byte rot13(byte b) {
        char c = (char) b;
        if (c >= 'a' && c <= 'z') {
            return (byte) ('a' + (c - 'a' + 13) % 26);
        }
        if (c >= 'A' && c <= 'Z') {
            return (byte) ('A' + (c - 'A' + 13) % 26);
        }
        return b;
    }

    /** Letters, digits, spaces and punctuation, no newline. */
    static byte[] letters(int n, long seed) {
        byte[] alphabet = ascii("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;-\t\r");
        Random random = new Random(seed);
        byte[] bytes = new byte[n];
        for (int i = 0; i < n; i++) {
            bytes[i] = alphabet[random.nextInt(alphabet.length)];
        }
        return bytes;
    }

    private static byte[] everyByteButNewline() {
        byte[] bytes = new byte[255];
        int i = 0;
        for (int b = 0; b < 256; b++) {
            if (b != '\n') {
                bytes[i++] = (byte) b;
            }
        }
        return Arrays.copyOf(bytes, i);
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        return EchoExamplesTest.concat(a, b);
    }
}
