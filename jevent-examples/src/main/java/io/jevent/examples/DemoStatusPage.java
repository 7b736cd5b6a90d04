package io.jevent.examples;

import io.jevent.EventBase;
import io.jevent.buffer.EvBuffer;
import io.jevent.http.HttpMethod;
import io.jevent.http.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo's status page: a small {@link HttpServer} on the demo's loop that shows, live, how many
 * connections each server has open and how many messages (reads) it took, and what the loop does:
 * callbacks and iterations per second, how busy it is, its lag (the {@code "loop"} object of the
 * JSON, from {@link LoopStats}; rates over the time since the previous request). The page asks for
 * {@code /stats.json} twice a second with {@code fetch()} and rewrites the numbers in place, so the
 * counts move without a reload (the page itself is served with dashes: every number shown came
 * from a live update). Reading the counts needs no lock: the page is served by the same
 * loop thread that runs the servers.
 */
final class DemoStatusPage implements AutoCloseable {
    static final int PORT = 8080;

    private static final String PAGE = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>jevent demo</title>
            <style>
            body { font-family: sans-serif; margin: 2em; }
            table { border-collapse: collapse; }
            td, th { border: 1px solid #999; padding: .4em 1em; text-align: right; }
            </style>
            </head>
            <body>
            <h1>jevent demo</h1>
            <p>Two servers and this page on one EventBase, one thread.
               Connect with <code>nc</code> and watch the counts move.</p>
            <table>
            <tr><th>server</th><th>address</th><th>open connections</th><th>messages</th></tr>
            ROWS</table>
            <h2>the loop</h2>
            <table>
            <tr><th>callbacks/s</th><th>iterations/s</th><th>active/iteration</th><th>busy %</th>
                <th>waiting %</th><th>lag avg (&micro;s)</th><th>lag max (&micro;s)</th><th>slow callbacks</th>
                <th>events</th><th>timers</th></tr>
            <tr><td id="loop-callbacksPerSecond">-</td><td id="loop-iterationsPerSecond">-</td>
                <td id="loop-activePerIteration">-</td><td id="loop-busyPercent">-</td>
                <td id="loop-waitingPercent">-</td><td id="loop-averageLagMicros">-</td>
                <td id="loop-maxLagMicros">-</td><td id="loop-slowCallbacks">-</td>
                <td id="loop-registeredEvents">-</td><td id="loop-pendingTimers">-</td></tr>
            </table>
            <p id="status">waiting for the first update</p>
            <script>
            let updates = 0;
            async function refresh() {
              try {
                const stats = await (await fetch('/stats.json', {cache: 'no-store'})).json();
                for (const [name, s] of Object.entries(stats)) {
                  if (name === 'loop') {
                    for (const [key, value] of Object.entries(s)) {
                      const cell = document.getElementById('loop-' + key);
                      if (cell) cell.textContent = value;
                    }
                    continue;
                  }
                  document.getElementById(name + '-connections').textContent = s.connections;
                  document.getElementById(name + '-messages').textContent = s.messages;
                }
                updates++;
                document.getElementById('status').textContent = 'updated ' + updates + ' times';
              } catch (e) {
                document.getElementById('status').textContent = 'the demo is not answering';
              }
            }
            refresh();
            setInterval(refresh, 500);
            </script>
            </body>
            </html>
            """;

    private final HttpServer http;
    private final InetSocketAddress address;

    /**
     * @param servers the servers to show, by name ({@code echo}, {@code rot13}), in order
     */
    DemoStatusPage(EventBase base, InetSocketAddress address, List<Map.Entry<String, BufferEventServer>> servers)
            throws IOException {
        Map<String, BufferEventServer> shown = new LinkedHashMap<>();
        servers.forEach(e -> shown.put(e.getKey(), e.getValue()));
        LoopStats loop = new LoopStats(base);
        http = new HttpServer(base);
        http.setAllowedMethods(HttpMethod.bits(HttpMethod.GET, HttpMethod.HEAD));
        StringBuilder rows = new StringBuilder();
        shown.forEach((name, s) -> rows.append("<tr><td>").append(name).append("</td><td>")
                .append(Lifetime.where(s.address())).append("</td><td id=\"").append(name)
                .append("-connections\">-</td><td id=\"").append(name).append("-messages\">-</td></tr>\n"));
        String page = PAGE.replace("ROWS", rows);
        http.setCallback("/", req -> {
            req.outputHeaders().add("Content-Type", "text/html; charset=utf-8");
            req.sendReply(200, "OK", new EvBuffer().add(page, StandardCharsets.UTF_8));
        });
        http.setCallback("/stats.json", req -> {
            StringBuilder json = new StringBuilder("{");
            shown.forEach((name, s) -> json.append(json.length() > 1 ? "," : "").append('"').append(name)
                    .append("\":{\"connections\":").append(s.connections()).append(",\"messages\":")
                    .append(s.messages()).append('}'));
            json.append(",\"loop\":").append(loop.json()).append('}');
            req.outputHeaders().add("Content-Type", "application/json");
            req.outputHeaders().add("Cache-Control", "no-store");
            req.sendReply(200, "OK", new EvBuffer().add(json, StandardCharsets.UTF_8));
        });
        this.address = (InetSocketAddress) http.bind(address).localAddress();
    }

    InetSocketAddress address() {
        return address;
    }

    @Override
    public void close() {
        http.close();
    }
}
