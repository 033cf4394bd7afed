package org.rtc4j.stun;

import java.util.Arrays;

/**
 * A TURN ChannelData message (RFC 8656 §12.4): a 4-byte header (channel number, length) and the
 * application data, the compact alternative to Send and Data indications once a channel is bound.
 *
 * <p>The static methods read and write frames in place for the relay hot path; {@link #decode}
 * copies into an immutable value. Over TCP and TLS a frame is padded to a multiple of four bytes
 * and the padding is not counted in the length; over UDP the padding is optional and a receiver
 * ignores whatever follows the declared length.
 *
 * @param channel the channel number (expected: 0x4000 ~ 0x4FFF)
 * @param data    the application data; copied in and out
 */
public record ChannelData(int channel, byte[] data) {
    /** The length of the ChannelData header. */
    public static final int HEADER_LENGTH = 4;
    /** The lowest channel number a client may bind. */
    public static final int MIN_CHANNEL = 0x4000;
    /** The highest channel number a client may bind (RFC 8656 narrowed the RFC 5766 range). */
    public static final int MAX_CHANNEL = 0x4FFF;

    public ChannelData {
        if (!isValidChannel(channel)) {
            throw new IllegalArgumentException(String.format("channel 0x%04x (expected: 0x4000 ~ 0x4FFF)", channel));
        }
        if (data.length > 0xFFFF) {
            throw new IllegalArgumentException("data of " + data.length + " bytes (expected: 0 ~ 65535)");
        }
        data = data.clone();
    }

    /** Whether a number is in the range a channel may take. */
    public static boolean isValidChannel(int channel) {
        return channel >= MIN_CHANNEL && channel <= MAX_CHANNEL;
    }

    /**
     * Decodes a ChannelData message that starts at {@code off}; bytes after the declared length
     * (padding) are ignored.
     *
     * @throws StunException {@code TRUNCATED} if the data is cut short, {@code BAD_CHANNEL_NUMBER}
     *                       for a number outside the channel range
     */
    public static ChannelData decode(byte[] b, int off, int len) throws StunException {
        int dataLength = check(b, off, len);
        return new ChannelData(Bytes.getU16(b, off), Arrays.copyOfRange(b, off + HEADER_LENGTH, off + HEADER_LENGTH + dataLength));
    }

    /**
     * Checks a frame in place and returns the length of its application data, which starts at
     * {@code off + 4}; nothing is allocated.
     */
    public static int check(byte[] b, int off, int len) throws StunException {
        if (len < HEADER_LENGTH) {
            throw new StunException(StunException.Reason.TRUNCATED, len + " bytes, shorter than the 4-byte ChannelData header");
        }
        int channel = Bytes.getU16(b, off);
        if (!isValidChannel(channel)) {
            throw new StunException(StunException.Reason.BAD_CHANNEL_NUMBER,
                    String.format("channel 0x%04x (expected: 0x4000 ~ 0x4FFF)", channel));
        }
        int dataLength = Bytes.getU16(b, off + 2);
        if (HEADER_LENGTH + dataLength > len) {
            throw new StunException(StunException.Reason.TRUNCATED,
                    "ChannelData declares " + dataLength + " bytes, " + (len - HEADER_LENGTH) + " present");
        }
        return dataLength;
    }

    /** The channel number of a frame at {@code off}, unchecked. */
    public static int channelAt(byte[] b, int off) {
        return Bytes.getU16(b, off);
    }

    /**
     * Writes a frame into a caller's buffer.
     *
     * @param padded whether to pad to a multiple of four, as TCP and TLS require
     * @return the number of bytes written
     */
    public static int encode(int channel, byte[] data, int dataOff, int dataLen, byte[] out, int off, boolean padded) {
        if (!isValidChannel(channel)) {
            throw new IllegalArgumentException(String.format("channel 0x%04x (expected: 0x4000 ~ 0x4FFF)", channel));
        }
        if (dataLen > 0xFFFF) {
            throw new IllegalArgumentException("data of " + dataLen + " bytes (expected: 0 ~ 65535)");
        }
        int total = HEADER_LENGTH + (padded ? Bytes.pad4(dataLen) : dataLen);
        if (off + total > out.length) {
            throw new IllegalArgumentException("buffer of " + out.length + " bytes has no room for " + total + " at " + off);
        }
        Bytes.putU16(out, off, channel);
        Bytes.putU16(out, off + 2, dataLen);
        System.arraycopy(data, dataOff, out, off + HEADER_LENGTH, dataLen);
        Arrays.fill(out, off + HEADER_LENGTH + dataLen, off + total, (byte) 0);
        return total;
    }

    /** Encodes this message to a new array. */
    public byte[] encode(boolean padded) {
        byte[] out = new byte[HEADER_LENGTH + (padded ? Bytes.pad4(data.length) : data.length)];
        encode(channel, data, 0, data.length, out, 0, padded);
        return out;
    }

    /** A copy of the application data. */
    @Override
    public byte[] data() {
        return data.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChannelData c && c.channel == channel && Arrays.equals(c.data, data);
    }

    @Override
    public int hashCode() {
        return channel * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return String.format("ChannelData(0x%04x, %d bytes)", channel, data.length);
    }
}
