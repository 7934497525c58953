import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load on a running inference-service, then its capture's figures from /metrics: CLIENTS clients
 * post the body in BODY (a JSON file) to URL/predict for SECONDS, as fast as they are answered or,
 * with RATE, RATE requests per second in all; then the store writer is timed until the journal's
 * backlog is empty.
 * java bench/CaptureLoad.java URL BODY CLIENTS SECONDS [RATE]
 */
public class CaptureLoad {

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String body = Files.readString(Path.of(args[1]));
        int clients = Integer.parseInt(args[2]);
        int seconds = Integer.parseInt(args[3]);
        long intervalNanos = args.length > 4 ? 1_000_000_000L / Long.parseLong(args[4]) : 0;
        AtomicLong nextSend = new AtomicLong(System.nanoTime());
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest predict = HttpRequest.newBuilder(URI.create(url + "/predict")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        AtomicLong answered = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        AtomicLong other = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        double queuedBefore = metric(http, url, "ml_capture_queued_total");
        double waitSumBefore = metric(http, url, "ml_capture_commit_wait_seconds_sum");
        double waitCountBefore = metric(http, url, "ml_capture_commit_wait_seconds_count");
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> running = new ArrayList<>();
        long started = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            running.add(pool.submit(() -> {
                while (!stop.get()) {
                    if (intervalNanos > 0) {
                        long wait = nextSend.getAndAdd(intervalNanos) - System.nanoTime();
                        if (wait > 0) {
                            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                        }
                    }
                    HttpResponse<String> response = http.send(predict, HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() == 200) {
                        answered.incrementAndGet();
                    } else if (response.statusCode() == 503 && response.body().contains("capture_unavailable")) {
                        refused.incrementAndGet();
                    } else {
                        other.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        Thread.sleep(seconds * 1000L);
        stop.set(true);
        for (Future<?> client : running) {
            client.get();
        }
        pool.shutdown();
        double elapsed = (System.nanoTime() - started) / 1e9;
        double queued = metric(http, url, "ml_capture_queued_total") - queuedBefore;
        double waits = metric(http, url, "ml_capture_commit_wait_seconds_count") - waitCountBefore;
        double waited = metric(http, url, "ml_capture_commit_wait_seconds_sum") - waitSumBefore;
        double backlogAtEnd = metric(http, url, "ml_capture_journal_backlog");
        long drainStarted = System.nanoTime();
        while (metric(http, url, "ml_capture_journal_backlog") > 0) {
            Thread.sleep(100);
        }
        double drain = (System.nanoTime() - drainStarted) / 1e9;
        System.out.printf("requests answered=%d refused(503 capture_unavailable)=%d other=%d in %.1f s%n",
                answered.get(), refused.get(), other.get(), elapsed);
        System.out.printf("journal: %.0f predictions/s made durable, mean commit wait %.2f ms%n",
                queued / elapsed, waits == 0 ? 0 : waited / waits * 1000);
        System.out.printf("store: backlog %.0f when the load stopped, drained in %.1f s; store write rate %.0f predictions/s%n",
                backlogAtEnd, drain, metric(http, url, "ml_capture_store_write_rate"));
        System.out.printf("dropped=%.0f written=%.0f%n", metric(http, url, "ml_capture_dropped_total"),
                metric(http, url, "ml_capture_written_total"));
    }

    private static double metric(HttpClient http, String url, String name) throws Exception {
        String text = http.send(HttpRequest.newBuilder(URI.create(url + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher matcher = Pattern.compile("(?m)^" + name + "\\{[^}]*\\} (\\S+)$").matcher(text);
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : Double.NaN;
    }
}
