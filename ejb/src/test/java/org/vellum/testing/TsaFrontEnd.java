package org.vellum.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * A tiny RFC 3161 HTTP front end on 127.0.0.1 for tests: POSTed queries go to a responder (OpenSSL's {@code ts
 * -reply}, or the built-in TSA), whose reply goes back as {@code application/timestamp-reply}. A status other than
 * 200 can be forced to play a failing server.
 */
public final class TsaFrontEnd implements AutoCloseable {
    private final HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private volatile int forcedStatus;

    public TsaFrontEnd(UnaryOperator<byte[]> responder) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/tsa", exchange -> {
            requests.incrementAndGet();
            byte[] query = exchange.getRequestBody().readAllBytes();
            int status = forcedStatus;
            byte[] reply;
            try {
                reply = status == 0 ? responder.apply(query) : new byte[0];
            } catch (UncheckedIOException | IllegalStateException e) {
                status = 500;
                reply = new byte[0];
            }
            exchange.getResponseHeaders().set("Content-Type", "application/timestamp-reply");
            exchange.sendResponseHeaders(status == 0 ? 200 : status, reply.length == 0 ? -1 : reply.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(reply);
            }
        });
        server.start();
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/tsa");
    }

    public int requests() {
        return requests.get();
    }

    /** Answers every request with this HTTP status and no body; 0 restores normal answers. */
    public void forceStatus(int status) {
        forcedStatus = status;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
