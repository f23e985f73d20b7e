package org.vellum.it.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A time-stamping authority that misbehaves on demand, in front of a real one: in {@link Mode#FORWARD} it passes each
 * query to the appliance's built-in RFC 3161 TSA (as the appliance's internal account, whose secret it reads from the
 * server's key folder) and returns the real reply; otherwise it answers slowly, with random bytes, with HTTP 500, or
 * not at all ({@link Mode#DOWN}: nothing listens on its port). The appliance under test knows it only by its URL, as
 * it would know an external TSA.
 */
public final class FaultyTsa implements AutoCloseable {
    /** How the next queries are answered. */
    public enum Mode {
        FORWARD,
        SLOW,
        GARBAGE,
        SERVER_ERROR,
        DOWN
    }

    private final int port;
    private final URI upstream;
    private final Path secretFile;
    private final Duration slowness;
    private final HttpClient client = HttpClient.newHttpClient();
    private final AtomicInteger queries = new AtomicInteger();
    private final Random random = new Random(3161);
    private volatile Mode mode = Mode.FORWARD;
    private HttpServer server;

    /**
     * @param upstream the real TSA, e.g. {@code http://127.0.0.1:8230/vellum/tsa}
     * @param secretFile the server's {@code keys/tsa-client.secret}, read at each forwarded query
     * @param slowness how long {@link Mode#SLOW} waits before it answers
     */
    public FaultyTsa(URI upstream, Path secretFile, Duration slowness) throws IOException {
        this.upstream = upstream;
        this.secretFile = secretFile;
        this.slowness = slowness;
        this.server = listen(0);
        this.port = server.getAddress().getPort();
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + port + "/tsr");
    }

    /** Queries received so far, whatever the mode. */
    public int queries() {
        return queries.get();
    }

    public synchronized void mode(Mode next) throws IOException {
        if (next == Mode.DOWN && server != null) {
            server.stop(0);
            server = null;
        } else if (next != Mode.DOWN && server == null) {
            server = listen(port);
        }
        mode = next;
    }

    private HttpServer listen(int onPort) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort), 16);
        s.createContext("/tsr", this::answer);
        s.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        s.start();
        return s;
    }

    private void answer(HttpExchange exchange) throws IOException {
        queries.incrementAndGet();
        byte[] query = exchange.getRequestBody().readAllBytes();
        try {
            switch (mode) {
                case SLOW -> {
                    Thread.sleep(slowness.toMillis());
                    reply(exchange, 200, forward(query));
                }
                case GARBAGE -> {
                    byte[] noise = new byte[512];
                    random.nextBytes(noise);
                    reply(exchange, 200, noise);
                }
                case SERVER_ERROR -> reply(exchange, 500, new byte[0]);
                default -> reply(exchange, 200, forward(query));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.close();
        } catch (IOException | RuntimeException e) {
            exchange.close();
        }
    }

    private byte[] forward(byte[] query) throws IOException, InterruptedException {
        String password = Base64.getEncoder().encodeToString(Files.readAllBytes(secretFile));
        HttpResponse<byte[]> r = client.send(
                HttpRequest.newBuilder(upstream)
                        .header("Content-Type", "application/timestamp-query")
                        .header(
                                "Authorization",
                                "Basic " + Base64.getEncoder().encodeToString(("vellum-tsa:" + password).getBytes()))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(query))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IOException("the real TSA answered " + r.statusCode());
        }
        return r.body();
    }

    private static void reply(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/timestamp-reply");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }
}
