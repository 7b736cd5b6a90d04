package io.jevent.examples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code chromium} in headless mode, loading one page and printing its DOM as the browser
 * built it. Each instance keeps its profile in a directory of its own, so that browsers started by
 * other builds on the same machine are neither reused nor disturbed.
 */
final class HeadlessChromium {
    private static final long SECONDS = 60;

    private final String program = Peers.require("chromium", "chromium-browser");
    private final Path profile;

    HeadlessChromium(Path scratch) throws IOException {
        profile = Files.createDirectories(scratch.resolve("chromium-profile"));
    }

    /** Loads {@code url} and returns the DOM once the page has loaded; fails after a minute. */
    String dumpDom(String url) throws IOException, InterruptedException {
        Path dom = Files.createTempFile(profile.getParent(), "dom", ".html");
        Process p = new ProcessBuilder(program, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--no-first-run", "--user-data-dir=" + profile, "--dump-dom", url)
                .redirectOutput(dom.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(SECONDS, TimeUnit.SECONDS);
            throw new AssertionError("chromium did not finish loading " + url + " within " + SECONDS + " s");
        }
        return Files.readString(dom, StandardCharsets.UTF_8);
    }
}
