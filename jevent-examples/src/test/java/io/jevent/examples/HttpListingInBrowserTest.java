package io.jevent.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code http-server}'s directory listing in a real browser: headless Chromium loads the listing of
 * a directory whose names need escaping (a space, letters beyond ASCII, {@code %}, {@code &}) and
 * of a subdirectory, and the links it finds there lead to the files. A symbolic link to a directory
 * outside is listed but refused, also for a path through it. ({@link HttpExamplesTest} sends the
 * {@code ..} escapes, which a browser would normalise away, over a raw socket.)
 */
class HttpListingInBrowserTest {
    private static final Pattern LINK = Pattern.compile("<a href=\"([^\"]*)\">([^<]*)</a>");

    @TempDir
    Path dir;
    @TempDir
    Path outside;
    @TempDir
    Path browser;
    private ExampleRunner server;
    private InetSocketAddress address;
    private String root;

    @BeforeEach
    void start() throws Exception {
        Files.writeString(dir.resolve("hello.txt"), "hello, jevent\n");
        Files.writeString(dir.resolve("a b.txt"), "a file with a space\n");
        Files.writeString(dir.resolve("café crème.txt"), "a file named in French\n");
        Files.writeString(dir.resolve("50%.txt"), "half\n");
        Files.writeString(dir.resolve("x&y.txt"), "ampersand\n");
        Path sub = Files.createDirectories(dir.resolve("Ünter dir"));
        Files.writeString(sub.resolve("inner file.txt"), "inside the subdirectory\n");
        Files.writeString(outside.resolve("secret.txt"), "secret\n");
        Files.createSymbolicLink(dir.resolve("elsewhere"), outside);
        server = ExampleRunner.start("http-server", "--port", "0", "--dir", dir.toString());
        address = server.addresses().get(0);
        server.awaitLine("serving");
        root = "http://" + Lifetime.where(address) + "/";
    }

    @AfterEach
    void stop() throws Exception {
        assertThat(server.stop()).isZero();
        Ports.assertReleased(address);
    }

    @Test
    void aBrowserListsEveryEntryWithLinksThatLeadToIt() throws Exception {
        HeadlessChromium chromium = new HeadlessChromium(browser);
        String dom = chromium.dumpDom(root);
        assertThat(dom).contains("<title>/</title>").contains("<h1>/</h1>");
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("50%.txt", "50%25.txt");
        expected.put("a b.txt", "a%20b.txt");
        expected.put("café crème.txt", "caf%C3%A9%20cr%C3%A8me.txt");
        expected.put("elsewhere", "elsewhere");
        expected.put("hello.txt", "hello.txt");
        expected.put("x&amp;y.txt", "x%26y.txt");
        expected.put("Ünter dir/", "%C3%9Cnter%20dir/");
        assertThat(links(dom)).containsExactlyInAnyOrderEntriesOf(expected);
        for (String href : expected.values()) {
            if (href.endsWith(".txt")) {
                assertThat(get(URI.create(root).resolve(href).getRawPath())).as(href).startsWith("HTTP/1.1 200");
            }
        }

        String file = chromium.dumpDom(URI.create(root).resolve("caf%C3%A9%20cr%C3%A8me.txt").toString());
        assertThat(file).contains("a file named in French");

        String subUrl = URI.create(root).resolve("%C3%9Cnter%20dir/").toString();
        String sub = chromium.dumpDom(subUrl);
        assertThat(sub).contains("<title>/Ünter dir/</title>").contains("<h1>/Ünter dir/</h1>");
        assertThat(links(sub)).containsExactly(Map.entry("inner file.txt", "inner%20file.txt"));
        String inner = chromium.dumpDom(URI.create(subUrl).resolve("inner%20file.txt").toString());
        assertThat(inner).contains("inside the subdirectory");
    }

    @Test
    void aLinkToADirectoryOutsideIsListedButRefused() throws Exception {
        String dom = new HeadlessChromium(browser).dumpDom(URI.create(root).resolve("elsewhere").toString());
        assertThat(dom).contains("Forbidden").doesNotContain("secret");
        assertThat(get("/elsewhere/")).startsWith("HTTP/1.1 403").doesNotContain("secret.txt");
        assertThat(get("/elsewhere/secret.txt")).startsWith("HTTP/1.1 403").doesNotContain("secret\n");
    }

    /** The listing's links, name (as the DOM serialises it) to href. */
    private static Map<String, String> links(String dom) {
        Map<String, String> links = new LinkedHashMap<>();
        for (Matcher m = LINK.matcher(dom); m.find(); ) {
            links.put(m.group(2), m.group(1));
        }
        return links;
    }

    private String get(String target) throws IOException {
        try (Socket s = new Socket(address.getAddress(), address.getPort())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
