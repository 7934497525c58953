package io.creditwatch.stack;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Stands in for Slack's incoming webhook: records every message posted to it. */
final class SlackListener implements AutoCloseable {

    record Message(Instant received, String body) {
    }

    private final HttpServer server;
    private final List<Message> messages = new CopyOnWriteArrayList<>();

    SlackListener() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/slack", exchange -> {
            messages.add(new Message(Instant.now(), new String(exchange.getRequestBody().readAllBytes(),
                    StandardCharsets.UTF_8)));
            byte[] ok = "ok".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, ok.length);
            exchange.getResponseBody().write(ok);
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/slack";
    }

    List<Message> messages() {
        return List.copyOf(messages);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
