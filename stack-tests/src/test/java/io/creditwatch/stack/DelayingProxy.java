package io.creditwatch.stack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;

/**
 * A TCP proxy on 127.0.0.1 that holds every chunk the server sends for a fixed delay before the
 * client gets it: a server that far away, in round trips (the client's bytes go at once, so each
 * request-and-answer takes the delay longer; bandwidth is not limited).
 */
final class DelayingProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final int targetPort;
    private final long delayNanos;
    private volatile boolean open = true;

    DelayingProxy(int targetPort, long delayMicros) throws IOException {
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.targetPort = targetPort;
        this.delayNanos = delayMicros * 1_000;
        Thread accept = new Thread(this::accept, "proxy-accept");
        accept.setDaemon(true);
        accept.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    private void accept() {
        while (open) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                daemon(() -> pump(client.getInputStream(), server.getOutputStream()), "proxy-up");
                DelayQueue<Chunk> held = new DelayQueue<>();
                daemon(() -> hold(server.getInputStream(), held), "proxy-hold");
                daemon(() -> release(held, client.getOutputStream()), "proxy-down");
            } catch (IOException e) {
                if (open) {
                    throw new IllegalStateException("the proxy stopped accepting", e);
                }
            }
        }
    }

    private static void pump(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[65536];
        int read;
        while ((read = in.read(buffer)) >= 0) {
            out.write(buffer, 0, read);
            out.flush();
        }
        out.close();
    }

    private void hold(InputStream in, DelayQueue<Chunk> held) throws IOException {
        byte[] buffer = new byte[65536];
        long due = 0;
        int read;
        while ((read = in.read(buffer)) >= 0) {
            due = Math.max(System.nanoTime() + delayNanos, due + 1); // strictly later: the queue keeps the order
            held.add(new Chunk(Arrays.copyOf(buffer, read), due));
        }
        held.add(new Chunk(null, Math.max(System.nanoTime() + delayNanos, due + 1)));
    }

    private static void release(DelayQueue<Chunk> held, OutputStream out) throws IOException {
        while (true) {
            Chunk chunk;
            try {
                chunk = held.take();
            } catch (InterruptedException e) {
                return;
            }
            if (chunk.bytes == null) {
                out.close();
                return;
            }
            out.write(chunk.bytes);
            out.flush();
        }
    }

    @FunctionalInterface
    private interface Io {
        void run() throws IOException;
    }

    private static void daemon(Io work, String name) {
        Thread thread = new Thread(() -> {
            try {
                work.run();
            } catch (IOException closed) {
                // one side hung up: the connection is over
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Bytes from the server, due to the client at {@code dueNanos}; null bytes: the server closed. */
    private record Chunk(byte[] bytes, long dueNanos) implements Delayed {
        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(dueNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(dueNanos, ((Chunk) other).dueNanos);
        }
    }

    @Override
    public void close() throws IOException {
        open = false;
        listener.close();
    }
}
