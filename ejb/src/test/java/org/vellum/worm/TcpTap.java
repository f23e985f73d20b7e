package org.vellum.worm;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * A TCP relay between the S3 client and an S3 server that reads the HTTP/1.1 requests going through: it records each
 * request's line and headers, and on demand flips one byte of a PUT body (a medium or a network that damages data) or
 * stops relaying a PUT body after some bytes (the moment to kill the uploading process). Requests with a
 * Content-Length body are understood; anything else is relayed as it comes.
 */
final class TcpTap implements AutoCloseable {
    /** One request as the server was sent it. */
    record Request(String method, String target, Map<String, String> headers) {}

    private final ServerSocket server;
    private final String upstreamHost;
    private final int upstreamPort;
    final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    private final List<Socket> sockets = Collections.synchronizedList(new ArrayList<>());

    /** The body byte of the next PUT whose target contains {@link #flipIn} to flip, or -1. */
    volatile long flipAt = -1;

    volatile String flipIn = "";

    /** Stop relaying a PUT body after this many bytes, or -1. */
    volatile long stallAfter = -1;

    final CountDownLatch stalled = new CountDownLatch(1);

    TcpTap(String upstreamHost, int upstreamPort) throws IOException {
        this.upstreamHost = upstreamHost;
        this.upstreamPort = upstreamPort;
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::accept, "tcp-tap");
        accept.setDaemon(true);
        accept.start();
    }

    int port() {
        return server.getLocalPort();
    }

    List<Request> puts(String keyPart) {
        synchronized (requests) {
            return requests.stream()
                    .filter(r -> r.method().equals("PUT") && r.target().contains(keyPart))
                    .toList();
        }
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(upstreamHost, upstreamPort);
                sockets.add(client);
                sockets.add(upstream);
                start(() -> relayRequests(client, upstream));
                start(() -> relay(upstream, client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void start(Runnable r) {
        Thread t = new Thread(r, "tcp-tap-relay");
        t.setDaemon(true);
        t.start();
    }

    private static void relay(Socket from, Socket to) {
        try (InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException e) {
            // a side closed
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private void relayRequests(Socket client, Socket upstream) {
        try (InputStream in = client.getInputStream();
                OutputStream out = upstream.getOutputStream()) {
            while (true) {
                ByteArrayOutputStream head = new ByteArrayOutputStream();
                int b;
                while ((b = in.read()) >= 0) {
                    head.write(b);
                    byte[] h = head.toByteArray();
                    int n = h.length;
                    if (n >= 4 && h[n - 4] == '\r' && h[n - 3] == '\n' && h[n - 2] == '\r' && h[n - 1] == '\n') {
                        break;
                    }
                }
                if (b < 0) {
                    return;
                }
                Request r = parse(head.toString(StandardCharsets.ISO_8859_1));
                requests.add(r);
                out.write(head.toByteArray());
                out.flush();
                long length = Long.parseLong(r.headers().getOrDefault("content-length", "0"));
                boolean put = r.method().equals("PUT");
                boolean flip = put && flipAt >= 0 && r.target().contains(flipIn);
                long flipHere = flip ? flipAt : -1;
                if (flip) {
                    flipAt = -1;
                }
                long stallHere = put && length > 0 ? stallAfter : -1;
                byte[] buf = new byte[65536];
                long done = 0;
                while (done < length) {
                    int want = (int) Math.min(buf.length, length - done);
                    if (stallHere >= 0) {
                        if (done >= stallHere) {
                            stalled.countDown();
                            Thread.sleep(Long.MAX_VALUE); // holds the upload where it is until the client dies
                        }
                        want = (int) Math.min(want, stallHere - done);
                    }
                    int got = in.read(buf, 0, want);
                    if (got < 0) {
                        return;
                    }
                    if (flipHere >= done && flipHere < done + got) {
                        buf[(int) (flipHere - done)] ^= 0x01;
                    }
                    out.write(buf, 0, got);
                    done += got;
                }
                out.flush();
            }
        } catch (IOException e) {
            // a side closed
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly(client);
            closeQuietly(upstream);
        }
    }

    private static Request parse(String head) {
        String[] lines = head.split("\r\n");
        String[] first = lines[0].split(" ");
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(
                        lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).strip());
            }
        }
        return new Request(first[0], first.length > 1 ? first[1] : "", headers);
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        synchronized (sockets) {
            sockets.forEach(TcpTap::closeQuietly);
        }
    }
}
