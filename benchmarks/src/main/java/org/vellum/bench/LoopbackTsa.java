package org.vellum.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.vellum.timestamp.TimeStampAuthority;

/**
 * The built-in TSA behind HTTP on 127.0.0.1 (an ephemeral port), as the appliance serves it to its own RFC 3161
 * client: POSTed queries in, {@code application/timestamp-reply} out.
 */
final class LoopbackTsa implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor = Executors.newSingleThreadExecutor();

    LoopbackTsa(TimeStampAuthority tsa) throws IOException {
        // Without TCP_NODELAY, Nagle holds the reply's body back until the client has acknowledged its
        // headers, and the delayed ACK then costs more than the token itself (p50 about 100 ms per round trip here,
        // against 12 ms with it): a property of this little front end, not of the client or the TSA. The property is
        // read when the JDK's HTTP server is first used, which in a benchmark's JVM is here; -D...=false shows it.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/tsa", exchange -> {
            byte[] reply = tsa.respond(exchange.getRequestBody().readAllBytes());
            exchange.getResponseHeaders().set("Content-Type", TimeStampAuthority.REPLY_TYPE);
            exchange.sendResponseHeaders(200, reply.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(reply);
            }
        });
        server.setExecutor(executor);
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/tsa");
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
