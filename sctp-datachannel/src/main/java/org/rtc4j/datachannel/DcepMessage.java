package org.rtc4j.datachannel;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A message of the Data Channel Establishment Protocol (RFC 8832 §5), sent on a channel's stream
 * with PPID {@link Ppid#DCEP}: {@link Open} asks the peer to open a channel on that stream,
 * {@link Ack} answers it.
 *
 * <p>{@link #decode} reads from a caller's array without keeping it; {@link #encode()} returns a new
 * array owned by the caller. Values are immutable.
 */
public sealed interface DcepMessage {
    /** Message type of DATA_CHANNEL_OPEN (RFC 8832 §8.2.1). */
    int TYPE_OPEN = 0x03;
    /** Message type of DATA_CHANNEL_ACK (RFC 8832 §8.2.1). */
    int TYPE_ACK = 0x02;

    /** The encoded size in bytes. */
    int encodedLength();

    /**
     * Writes the message at {@code out[off]}.
     *
     * @return the bytes written, {@link #encodedLength()}
     * @throws IndexOutOfBoundsException when {@code out} has no room for it
     */
    int encode(byte[] out, int off);

    /** The message in a new array. */
    default byte[] encode() {
        byte[] out = new byte[encodedLength()];
        encode(out, 0);
        return out;
    }

    /**
     * DATA_CHANNEL_OPEN (RFC 8832 §5.1).
     *
     * @param channelType ordering and reliability
     * @param priority the channel's priority, 0 ~ 65535 (RFC 8831 §6.4: 128, 256, 512, 1024 for the
     *                 W3C's very-low, low, medium and high)
     * @param reliabilityParameter 0 ~ 2^32-1: retransmissions or milliseconds depending on the
     *                             channel type; ignored (and sent as given, normally 0) for reliable types
     * @param label the channel's label, at most 65535 bytes of UTF-8
     * @param protocol the subprotocol, at most 65535 bytes of UTF-8, "" for none
     */
    record Open(ChannelType channelType, int priority, long reliabilityParameter, String label, String protocol)
            implements DcepMessage {
        private static final int HEADER = 12;

        public Open {
            Objects.requireNonNull(channelType, "channelType");
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(protocol, "protocol");
            if (priority < 0 || priority > 0xFFFF) {
                throw new IllegalArgumentException("priority " + priority + " (expected: 0 ~ 65535)");
            }
            if (reliabilityParameter < 0 || reliabilityParameter > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException(
                        "reliabilityParameter " + reliabilityParameter + " (expected: 0 ~ 4294967295)");
            }
            Utf8.checkFieldLength("label", label);
            Utf8.checkFieldLength("protocol", protocol);
        }

        @Override
        public int encodedLength() {
            return HEADER + Utf8.length(label) + Utf8.length(protocol);
        }

        @Override
        public int encode(byte[] out, int off) {
            byte[] l = label.getBytes(StandardCharsets.UTF_8);
            byte[] p = protocol.getBytes(StandardCharsets.UTF_8);
            Objects.checkFromIndexSize(off, HEADER + l.length + p.length, out.length);
            out[off] = (byte) TYPE_OPEN;
            out[off + 1] = (byte) channelType.code();
            putShort(out, off + 2, priority);
            putShort(out, off + 4, (int) (reliabilityParameter >>> 16));
            putShort(out, off + 6, (int) reliabilityParameter);
            putShort(out, off + 8, l.length);
            putShort(out, off + 10, p.length);
            System.arraycopy(l, 0, out, off + HEADER, l.length);
            System.arraycopy(p, 0, out, off + HEADER + l.length, p.length);
            return HEADER + l.length + p.length;
        }
    }

    /** DATA_CHANNEL_ACK (RFC 8832 §5.2): one byte, the message type. */
    record Ack() implements DcepMessage {
        /** The one ACK. */
        public static final Ack INSTANCE = new Ack();

        @Override
        public int encodedLength() {
            return 1;
        }

        @Override
        public int encode(byte[] out, int off) {
            Objects.checkFromIndexSize(off, 1, out.length);
            out[off] = (byte) TYPE_ACK;
            return 1;
        }
    }

    /**
     * Decodes one DCEP message, the whole payload of a user message with PPID 50. Bytes after an
     * OPEN's protocol or after an ACK's type are ignored, as a future extension might add them.
     *
     * @param buf the message; read, never kept
     * @throws DataChannelException naming what is wrong: truncated, a label or protocol length past the
     *                              end, an unknown message or channel type, or strings that are not UTF-8
     * @throws IndexOutOfBoundsException when {@code off} and {@code len} do not lie within {@code buf}
     */
    static DcepMessage decode(byte[] buf, int off, int len) throws DataChannelException {
        Objects.checkFromIndexSize(off, len, buf.length);
        if (len < 1) {
            throw new DataChannelException(DataChannelException.Reason.TRUNCATED, "empty DCEP message");
        }
        int type = buf[off] & 0xFF;
        if (type == TYPE_ACK) {
            return Ack.INSTANCE;
        }
        if (type != TYPE_OPEN) {
            throw new DataChannelException(DataChannelException.Reason.UNKNOWN_MESSAGE_TYPE,
                    "DCEP message type 0x" + Integer.toHexString(type) + " (expected: 0x03 OPEN or 0x02 ACK)");
        }
        if (len < Open.HEADER) {
            throw new DataChannelException(DataChannelException.Reason.TRUNCATED,
                    "DATA_CHANNEL_OPEN of " + len + " bytes (expected: at least " + Open.HEADER + ")");
        }
        int typeCode = buf[off + 1] & 0xFF;
        ChannelType channelType = ChannelType.fromCode(typeCode).orElseThrow(() -> new DataChannelException(
                DataChannelException.Reason.UNKNOWN_CHANNEL_TYPE, "channel type 0x" + Integer.toHexString(typeCode)
                        + " (expected: 0x00, 0x80, 0x01, 0x81, 0x02 or 0x82)"));
        int priority = getShort(buf, off + 2);
        long reliability = ((long) getShort(buf, off + 4) << 16) | getShort(buf, off + 6);
        int labelLength = getShort(buf, off + 8);
        int protocolLength = getShort(buf, off + 10);
        if (Open.HEADER + labelLength > len) {
            throw new DataChannelException(DataChannelException.Reason.BAD_LENGTH, "label length " + labelLength
                    + " runs past the end of a " + len + "-byte DATA_CHANNEL_OPEN");
        }
        if (Open.HEADER + labelLength + protocolLength > len) {
            throw new DataChannelException(DataChannelException.Reason.BAD_LENGTH, "protocol length " + protocolLength
                    + " after a " + labelLength + "-byte label runs past the end of a " + len
                    + "-byte DATA_CHANNEL_OPEN");
        }
        String label = utf8("label", buf, off + Open.HEADER, labelLength);
        String protocol = utf8("protocol", buf, off + Open.HEADER + labelLength, protocolLength);
        return new Open(channelType, priority, reliability, label, protocol);
    }

    private static String utf8(String what, byte[] buf, int off, int len) throws DataChannelException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(buf, off, len))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new DataChannelException(DataChannelException.Reason.INVALID_UTF8,
                    what + " of " + len + " bytes is not UTF-8");
        }
    }

    private static int getShort(byte[] b, int i) {
        return ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
    }

    private static void putShort(byte[] b, int i, int v) {
        b[i] = (byte) (v >>> 8);
        b[i + 1] = (byte) v;
    }
}
