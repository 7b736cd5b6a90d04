package io.jevent.examples;

import io.jevent.EventBase;
import io.jevent.buffer.EvBuffer;
import io.jevent.http.HttpMethod;
import io.jevent.http.HttpRequest;
import io.jevent.http.HttpServer;
import io.jevent.http.UriCodec;
import io.jevent.listener.ConnListener;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * libevent's sample {@code http-server}: serves the files of a directory over HTTP, with a content
 * type by extension, HEAD, an HTML listing of directories, and 404 and 403 pages. Files go out with
 * {@link EvBuffer#addFile} (sendfile), never through the heap. A request can never leave the
 * directory: the path is decoded, {@code ..} is refused, and the real path (symbolic links
 * followed) must lie inside the real directory. {@code --idle-timeout} sets the server's read,
 * write and keep-alive timeouts ({@link HttpServer#setTimeout}); its default is libevent's 50 s.
 *
 * <p>With {@code --cert PEM --key PEM}, or {@code --tls} for a throw-away self-signed certificate
 * ({@link ServerTls}), it serves HTTPS: {@link HttpServer#setBufferEventFactory} (libevent's
 * {@code evhttp_set_bevcb}) gives each connection a TLS BufferEvent, and nothing else changes.
 * Files still go out with {@code addFile}, read through the TLS layer instead of sent by the kernel.
 */
final class HttpServerExample extends Example {
    static final int PORT = 8080;
    /** libevent's {@code evhttp} timeout, and {@link HttpServer}'s. */
    static final Duration TIMEOUT = Duration.ofSeconds(50);

    private static final Map<String, String> TYPES = Map.ofEntries(Map.entry("txt", "text/plain"),
            Map.entry("c", "text/x-c"), Map.entry("h", "text/x-c"), Map.entry("java", "text/plain"),
            Map.entry("md", "text/plain"), Map.entry("html", "text/html"), Map.entry("htm", "text/html"),
            Map.entry("css", "text/css"), Map.entry("js", "text/javascript"), Map.entry("json", "application/json"),
            Map.entry("gif", "image/gif"), Map.entry("jpg", "image/jpeg"), Map.entry("jpeg", "image/jpeg"),
            Map.entry("png", "image/png"), Map.entry("svg", "image/svg+xml"), Map.entry("pdf", "application/pdf"),
            Map.entry("ps", "application/postscript"));

    HttpServerExample() {
        super("http-server [--port P] " + Listen.USAGE + " [--dir DIR] [--tls | " + ServerTls.USAGE + "] [--seconds N]",
                "libevent's sample http-server: the files of DIR (default: the current directory) on port " + PORT
                + "; HTTPS with --tls or --cert/--key",
                List.of("port", "bind", "backlog", "idle-timeout", "dir", "seconds", "cert", "key"), List.of("tls"));
    }

    @Override
    int run(Args args, PrintStream out, PrintStream err) throws IOException {
        Path root = Path.of(args.string("dir", ".")).toRealPath();
        if (!Files.isDirectory(root)) {
            throw new Args.UsageException("not a directory: " + root);
        }
        Listen listen = Listen.parse(args, "port", PORT, TIMEOUT);
        if (args.flag("tls") && args.string("cert", null) != null) {
            throw new Args.UsageException("--tls makes a certificate; --cert and --key name one: give either");
        }
        ServerTls tls = ServerTls.fromArgs(args, name(), args.flag("tls"));
        try (Lifetime life = Lifetime.begin(name(), args, out, err);
                EventBase base = new EventBase();
                HttpServer http = new HttpServer(base)) {
            http.setAllowedMethods(HttpMethod.bits(HttpMethod.GET, HttpMethod.HEAD));
            http.setGenericCallback(req -> serve(req, root, err));
            http.setTimeout(listen.idleTimeout());
            if (tls != null) {
                http.setBufferEventFactory(tls::accept);
            }
            ConnListener listener = ConnListener.bind(base, listen.address(), listen.backlog(), null,
                    ConnListener.Option.REUSEABLE, ConnListener.Option.CLOSE_ON_FREE);
            http.accept(listener);
            listener.setErrorCallback((lev, cause) -> err.println(name() + ": accept failed, pausing: "
                    + cause.getMessage()));
            life.listening(listener.localAddress());
            if (tls != null) {
                tls.notes().forEach(note -> out.println(name() + ": " + note));
            }
            out.println(name() + ": serving " + root + (tls != null ? " over HTTPS" : ""));
            return life.dispatch(base);
        }
    }

    static void serve(HttpRequest req, Path root, PrintStream err) {
        String decoded = UriCodec.uriDecode(req.httpUri().path(), false);
        if (decoded.indexOf('\0') >= 0 || List.of(decoded.split("/")).contains("..")) {
            req.sendError(403, "Forbidden");
            return;
        }
        Path file = root.resolve(decoded.replaceFirst("^/+", "")).normalize();
        Path real;
        try {
            real = file.toRealPath();
        } catch (IOException e) {
            req.sendError(404, "Not Found");
            return;
        }
        if (!real.startsWith(root)) {
            req.sendError(403, "Forbidden");
            return;
        }
        try {
            if (Files.isDirectory(real)) {
                if (!decoded.endsWith("/")) {
                    req.outputHeaders().add("Location", req.httpUri().path() + "/");
                    req.sendReply(301, null, null);
                    return;
                }
                listing(req, real, decoded);
                return;
            }
            FileChannel ch = FileChannel.open(real, StandardOpenOption.READ);
            EvBuffer body = new EvBuffer();
            body.addFile(ch, 0, ch.size());
            req.outputHeaders().add("Content-Type", type(real.getFileName().toString()));
            req.sendReply(200, "OK", body);
        } catch (IOException e) {
            err.println("http-server: " + real + ": " + Lifetime.describe(e));
            req.sendError(403, "Forbidden");
        }
    }

    private static void listing(HttpRequest req, Path dir, String decoded) throws IOException {
        String title = UriCodec.htmlEscape(decoded);
        StringBuilder html = new StringBuilder("<!DOCTYPE html>\n<html>\n<head>\n<meta charset='utf-8'>\n<title>")
                .append(title).append("</title>\n<base href='").append(UriCodec.htmlEscape(req.httpUri().path()))
                .append("'>\n</head>\n<body>\n<h1>").append(title).append("</h1>\n<ul>\n");
        try (Stream<Path> entries = Files.list(dir)) {
            entries.sorted().forEach(p -> {
                String name = p.getFileName().toString() + (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? "/" : "");
                html.append("  <li><a href=\"").append(UriCodec.htmlEscape(UriCodec.encodeUri(name)
                        .replace("%2F", "/"))).append("\">").append(UriCodec.htmlEscape(name)).append("</a>\n");
            });
        }
        html.append("</ul>\n</body>\n</html>\n");
        req.outputHeaders().add("Content-Type", "text/html; charset=utf-8");
        req.sendReply(200, "OK", new EvBuffer().add(html, StandardCharsets.UTF_8));
    }

    static String type(String fileName) {
        int dot = fileName.lastIndexOf('.');
        String ext = dot < 0 ? "" : fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
        return TYPES.getOrDefault(ext, "application/misc");
    }
}
