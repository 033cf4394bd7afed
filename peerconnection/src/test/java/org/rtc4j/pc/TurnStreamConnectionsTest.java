package org.rtc4j.pc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rtc4j.ice.TurnServerUrl;
import org.rtc4j.ice.TurnStreamReassembler;
import org.rtc4j.stun.Datagram;

/**
 * {@link TurnStreamConnections} over TCP against a scripted "TURN server" (a plain socket in the test):
 * queued output arrives once connected, the server's stream is cut back into whole frames whatever its
 * split, and a stream that cannot be framed ends the connection without disturbing the loop.
 */
class TurnStreamConnectionsTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    /** The agent's source address for the server; its IP is what the connection binds to. */
    private static final InetSocketAddress BASE = new InetSocketAddress(LOOPBACK, 40_000);
    private static final int WAIT_SECONDS = 5;

    private EventLoop loop;
    private TurnStreamConnections connections;
    private ServerSocket server;
    private InetSocketAddress serverAddress;
    private final BlockingQueue<Datagram> frames = new LinkedBlockingQueue<>();

    @BeforeEach
    void start() throws IOException {
        loop = new EventLoop("turn-stream-test");
        connections = new TurnStreamConnections(loop, null, Map.of(), frames::add);
        server = new ServerSocket(0, 4, LOOPBACK);
        server.setSoTimeout(WAIT_SECONDS * 1000);
        serverAddress = new InetSocketAddress(LOOPBACK, server.getLocalPort());
    }

    @AfterEach
    void stop() throws Exception {
        onLoop(() -> {
            connections.close();
            return null;
        });
        loop.close();
        server.close();
    }

    @Test
    void queuedBytesGoOutAndFramesComeBackWholeHoweverTheStreamIsSplit() throws Exception {
        byte[] allocate = bindingResponse((byte) 1); // any bytes: the class does not look at what it sends
        onLoop(() -> {
            connections.send(BASE, serverAddress, TurnServerUrl.Transport.TCP, allocate);
            return null;
        });
        try (Socket s = server.accept()) {
            s.setSoTimeout(WAIT_SECONDS * 1000);
            assertThat(s.getInputStream().readNBytes(allocate.length)).isEqualTo(allocate);
            byte[] stun = bindingResponse((byte) 2);
            byte[] channelData = {0x40, 0x00, 0x00, 0x05, 1, 2, 3, 4, 5, 0, 0, 0};
            byte[] stream = concat(stun, channelData);
            OutputStream out = s.getOutputStream();
            for (int cut : new int[] {1, 2, 16, 3, 1}) { // cuts at 1, 3, 19, 22, 23: headers, bodies and padding
                out.write(stream, 0, cut);
                out.flush();
                stream = Arrays.copyOfRange(stream, cut, stream.length);
            }
            out.write(stream);
            out.flush();

            Datagram first = frames.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            Datagram second = frames.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(first).isNotNull();
            assertThat(first.source()).isEqualTo(serverAddress);
            assertThat(first.destination()).isEqualTo(BASE);
            assertThat(first.data()).isEqualTo(stun);
            assertThat(second).isNotNull();
            assertThat(second.data()).isEqualTo(channelData);
        }
    }

    @Test
    void garbageFromTheServerEndsTheConnectionAndTheNextSendReconnects() throws Exception {
        onLoop(() -> {
            connections.send(BASE, serverAddress, TurnServerUrl.Transport.TCP, bindingResponse((byte) 1));
            return null;
        });
        try (Socket s = server.accept()) {
            s.setSoTimeout(WAIT_SECONDS * 1000);
            // A TLS alert where STUN or ChannelData should be: 0x15 is neither.
            s.getOutputStream().write(new byte[] {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28, 0x01, 0x00, 0x00, 0x00, 0x00});
            s.getOutputStream().flush();
            assertClosedByClient(s);
        }
        assertThat(frames).isEmpty();
        assertThat(onLoop(connections::size)).isZero();
        assertThat(onLoop(connections::dropped)).isEqualTo(1);

        byte[] again = bindingResponse((byte) 3);
        onLoop(() -> {
            connections.send(BASE, serverAddress, TurnServerUrl.Transport.TCP, again);
            return null;
        });
        try (Socket s = server.accept()) {
            s.setSoTimeout(WAIT_SECONDS * 1000);
            assertThat(s.getInputStream().readNBytes(again.length)).isEqualTo(again);
        }
    }

    @Test
    void aFrameLongerThanTheReassemblyBufferEndsTheConnection() throws Exception {
        onLoop(() -> {
            connections.send(BASE, serverAddress, TurnServerUrl.Transport.TCP, bindingResponse((byte) 1));
            return null;
        });
        try (Socket s = server.accept()) {
            s.setSoTimeout(WAIT_SECONDS * 1000);
            // A STUN header declaring 0xFFFF bytes (65555 in all, more than the buffer holds), then filler.
            byte[] hostile = new byte[TurnStreamReassembler.CAPACITY + 4096];
            System.arraycopy(bindingResponse((byte) 9), 0, hostile, 0, 20);
            hostile[2] = (byte) 0xFF;
            hostile[3] = (byte) 0xFF;
            try {
                s.getOutputStream().write(hostile);
                s.getOutputStream().flush();
            } catch (SocketException resetByClient) {
                // the client may close before taking it all
            }
            assertClosedByClient(s);
        }
        assertThat(frames).isEmpty();
        assertThat(onLoop(connections::size)).isZero();
        assertThat(onLoop(() -> "the loop still runs tasks")).isEqualTo("the loop still runs tasks");
    }

    @Test
    void aRefusedConnectionIsDroppedQuietly() throws Exception {
        InetSocketAddress nobody;
        try (ServerSocket closed = new ServerSocket(0, 1, LOOPBACK)) {
            nobody = new InetSocketAddress(LOOPBACK, closed.getLocalPort());
        }
        onLoop(() -> {
            connections.send(BASE, nobody, TurnServerUrl.Transport.TCP, bindingResponse((byte) 1));
            return null;
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (onLoop(connections::size) > 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(onLoop(connections::size)).isZero();
        assertThat(frames).isEmpty();
    }

    /** Waits (bounded by the socket timeout) for the client to close its end: read sees end of stream or a reset. */
    private static void assertClosedByClient(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        byte[] sink = new byte[4096];
        try {
            while (in.read(sink) >= 0) {
                // skip what the client sent before closing
            }
        } catch (SocketException reset) {
            // closed with unread data: a reset is a close too
        }
    }

    private <T> T onLoop(Supplier<T> action) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                result.complete(action.get());
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /** A Binding success response without attributes; {@code id} fills the transaction id. */
    private static byte[] bindingResponse(byte id) {
        ByteBuffer b = ByteBuffer.allocate(20);
        b.putShort((short) 0x0101).putShort((short) 0).putInt(0x2112A442);
        for (int i = 0; i < 12; i++) {
            b.put(id);
        }
        return b.array();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
