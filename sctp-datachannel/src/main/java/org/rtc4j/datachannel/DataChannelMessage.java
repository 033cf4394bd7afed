package org.rtc4j.datachannel;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One message received on a {@link DataChannel}: a string (PPID 51, 52 or 56) or binary data (53, 54
 * or 57) (RFC 8831 §8). Empty messages, which travel as one zero byte, arrive here empty.
 *
 * <p>The record owns {@code data}: the transport hands over an array nobody else holds, and the
 * application that receives the message may keep or change it. Equality compares the bytes.
 *
 * @param binary whether this is binary data rather than a string
 * @param data the payload (UTF-8 for a string)
 */
public record DataChannelMessage(boolean binary, byte[] data) {
    private static final byte[] EMPTY = new byte[0];

    public DataChannelMessage {
        Objects.requireNonNull(data, "data");
    }

    /** A string message. */
    public static DataChannelMessage ofText(String text) {
        return new DataChannelMessage(false, text.getBytes(StandardCharsets.UTF_8));
    }

    /** A binary message with a copy of {@code data}. */
    public static DataChannelMessage ofBinary(byte[] data) {
        return new DataChannelMessage(true, data.clone());
    }

    /** An empty message of either kind. */
    static DataChannelMessage empty(boolean binary) {
        return new DataChannelMessage(binary, EMPTY.clone());
    }

    /** The payload decoded as UTF-8, malformed sequences replaced by U+FFFD (meant for string messages). */
    public String text() {
        return new String(data, StandardCharsets.UTF_8);
    }

    /** The payload's length in bytes. */
    public int size() {
        return data.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DataChannelMessage m && m.binary == binary && Arrays.equals(m.data, data);
    }

    @Override
    public int hashCode() {
        return Boolean.hashCode(binary) * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return binary ? "DataChannelMessage[binary, " + data.length + " bytes]"
                : "DataChannelMessage[text, " + data.length + " bytes]";
    }
}
