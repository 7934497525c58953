package io.creditwatch.inference;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** HTTP as bytes on a socket, for what a well-behaved client cannot send: broken chunks, drips, hang-ups. */
final class RawHttp implements AutoCloseable {

    private final Socket socket;
    private final OutputStream out;

    RawHttp(int port) throws IOException {
        this(port, null);
    }

    /** @param from the local address to connect from (another address of the loopback: another client), or null */
    RawHttp(int port, InetAddress from) throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), port, from, 0);
        socket.setSoTimeout(20_000);
        out = socket.getOutputStream();
    }

    RawHttp send(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return this;
    }

    /** Sends {@code text} unless the server has closed the connection; whether it could. */
    boolean trySend(String text) {
        try {
            send(text);
            return true;
        } catch (IOException closed) {
            return false;
        }
    }

    /** The whole answer, up to the server closing the connection (requests send Connection: close). */
    String answer() throws IOException {
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[8192];
        int read;
        while ((read = in.read(buffer)) >= 0) {
            answer.write(buffer, 0, read);
        }
        return answer.toString(StandardCharsets.UTF_8);
    }

    /** The status code of the answer's first line. */
    static int status(String answer) {
        return Integer.parseInt(answer.substring(9, 12));
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
