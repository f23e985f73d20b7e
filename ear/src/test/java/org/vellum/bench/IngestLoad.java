package org.vellum.bench;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.vellum.event.SampleEvents;

/**
 * Sustained ingest over HTTP against a running appliance: {@code clients} connections each post batches of {@code
 * batch} events back to back for {@code seconds}, after a warm-up. Prints events per second and the p50/p99/max time
 * from sending a request to holding its durable receipts. Bounded in time and aimed at the given addresses only: one,
 * or several nodes of a cluster separated by commas, the clients spread over them in turn.
 *
 * <p>Run with {@code bench/ingest.sh} (see docs/BENCHMARKS.md).
 */
public final class IngestLoad {
    private IngestLoad() {}

    public static void main(String[] args) throws Exception {
        List<URI> bases = java.util.Arrays.stream(
                        arg(args, 0, "http://127.0.0.1:8080/").split(","))
                .map(URI::create)
                .toList();
        String user = arg(args, 1, "producer");
        String password = System.getenv().getOrDefault("VELLUM_BENCH_PASSWORD", arg(args, 2, ""));
        int clients = Integer.parseInt(arg(args, 3, "4"));
        int batch = Integer.parseInt(arg(args, 4, "1000"));
        int seconds = Integer.parseInt(arg(args, 5, "60"));
        String auth = arg(args, 6, "basic");
        int warmup = Math.max(5, seconds / 6);

        List<String> templates = List.of(
                "taskCreated", "anonymizationStarted", "anonymizationCompleted", "correctionApplied", "resultExported");
        System.out.printf(
                Locale.ROOT,
                "ingest load: %s, %d clients, batches of %d, %d s measured after %d s warm-up, auth %s%n",
                bases,
                clients,
                batch,
                seconds,
                warmup,
                auth);

        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicLong events = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        long start = System.nanoTime();
        long measureFrom = start + TimeUnit.SECONDS.toNanos(warmup);
        long end = measureFrom + TimeUnit.SECONDS.toNanos(seconds);
        for (int c = 0; c < clients; c++) {
            URI base = bases.get(c % bases.size());
            pool.submit(() -> {
                HttpClient http = HttpClient.newBuilder()
                        .cookieHandler(new CookieManager())
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .build();
                String authorization = "Basic "
                        + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
                if (auth.equals("session")) {
                    signIn(http, base, user, password);
                }
                int n = 0;
                while (System.nanoTime() < end) {
                    StringBuilder body = new StringBuilder(batch * 700).append('[');
                    for (int i = 0; i < batch; i++) {
                        if (i > 0) {
                            body.append(',');
                        }
                        body.append(sample(templates.get(n++ % templates.size()), UUID.randomUUID()));
                    }
                    body.append(']');
                    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("/vellum/api/v1/events"))
                            .timeout(Duration.ofSeconds(60))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
                    if (auth.equals("basic")) {
                        request.header("Authorization", authorization);
                    }
                    long sent = System.nanoTime();
                    try {
                        HttpResponse<String> response =
                                http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                        long took = System.nanoTime() - sent;
                        if (response.statusCode() != 200) {
                            errors.incrementAndGet();
                            continue;
                        }
                        if (sent >= measureFrom && System.nanoTime() <= end) {
                            latencies.add(took);
                            events.addAndGet(batch);
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                }
                return null;
            });
        }
        pool.shutdown();
        pool.awaitTermination(seconds + warmup + 120, TimeUnit.SECONDS);
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        if (sorted.isEmpty()) {
            System.out.println("no request completed in the measured window; errors: " + errors.get());
            return;
        }
        System.out.printf(
                Locale.ROOT,
                "events/s: %.0f   requests: %d   errors: %d%nrequest to durable receipt (batch of %d): p50 %.1f ms"
                        + "   p99 %.1f ms   max %.1f ms%n",
                events.get() / (double) seconds,
                sorted.size(),
                errors.get(),
                batch,
                ms(percentile(sorted, 0.50)),
                ms(percentile(sorted, 0.99)),
                ms(sorted.get(sorted.size() - 1)));
        // for bench/all.sh's table
        String setUp = "ingest over HTTP, " + clients + " clients, batches of " + batch;
        System.out.printf(Locale.ROOT, "RESULT|%s|%.0f|events/s||%n", setUp, events.get() / (double) seconds);
        System.out.printf(
                Locale.ROOT, "RESULT|%s, p50 to durable receipt|%.1f|ms||%n", setUp, ms(percentile(sorted, 0.50)));
        System.out.printf(
                Locale.ROOT, "RESULT|%s, p99 to durable receipt|%.1f|ms||%n", setUp, ms(percentile(sorted, 0.99)));
    }

    private static void signIn(HttpClient http, URI base, String user, String password) throws Exception {
        http.send(HttpRequest.newBuilder(base.resolve("/vellum/")).build(), HttpResponse.BodyHandlers.discarding());
        String form = "j_username=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&j_password="
                + URLEncoder.encode(password, StandardCharsets.UTF_8);
        http.send(
                HttpRequest.newBuilder(base.resolve("/vellum/j_security_check"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.discarding());
    }

    private static String sample(String kind, UUID id) {
        return switch (kind) {
            case "taskCreated" -> SampleEvents.taskCreated(id);
            case "anonymizationStarted" -> SampleEvents.anonymizationStarted(id);
            case "anonymizationCompleted" -> SampleEvents.anonymizationCompleted(id);
            case "correctionApplied" -> SampleEvents.correctionApplied(id);
            default -> SampleEvents.resultExported(id);
        };
    }

    private static long percentile(List<Long> sorted, double p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }

    private static double ms(long nanos) {
        return nanos / 1_000_000.0;
    }

    private static String arg(String[] args, int i, String fallback) {
        return args.length > i && !args[i].isEmpty() ? args[i] : fallback;
    }
}
