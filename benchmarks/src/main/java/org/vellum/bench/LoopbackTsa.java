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
