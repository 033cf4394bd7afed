package org.rtc4j.rtp;

/**
 * Packetizer for audio formats whose RTP payload is the encoded frame itself: Opus (RFC 7587 §4.2, one
 * Opus packet per RTP packet, refused when larger than the payload budget) and G.711 PCMU/PCMA
 * (RFC 3551 §4.5.14, one byte per sample, split evenly when longer than the budget; the caller
 * advances the RTP timestamp by each payload's length). Buffer ownership as in {@link Packetizer}.
 */
public final class AudioPacketizer implements Packetizer {
    private final int maxPayload;
    private final boolean splittable;
    private byte[] frame;
    private int len;
    private int pos;
    private int parts;
    private int index;

    private AudioPacketizer(int maxPayload, boolean splittable) {
        if (maxPayload < 1) {
            throw new IllegalArgumentException("max payload " + maxPayload + " (expected: >= 1)");
        }
        this.maxPayload = maxPayload;
        this.splittable = splittable;
    }

    /** An Opus packetizer (RFC 7587). */
    public static AudioPacketizer opus(int maxPayload) {
        return new AudioPacketizer(maxPayload, false);
    }

    /** A G.711 packetizer (PCMU or PCMA, RFC 3551). */
    public static AudioPacketizer g711(int maxPayload) {
        return new AudioPacketizer(maxPayload, true);
    }

    @Override
    public int maxPayload() {
        return maxPayload;
    }

    @Override
    public void begin(byte[] frame, int off, int len) {
        Bytes.checkRange(frame, off, len);
        if (!splittable && len > maxPayload) {
            throw new IllegalArgumentException("Opus packet of " + len + " bytes (expected: at most " + maxPayload + ")");
        }
        this.frame = frame;
        this.len = len;
        this.pos = off;
        this.parts = Packetizer.parts(len, maxPayload);
        this.index = 0;
    }

    @Override
    public boolean hasNext() {
        return index < parts;
    }

    @Override
    public int next(byte[] out, int off) {
        if (index >= parts) {
            throw new IllegalStateException("no payload left (expected: hasNext())");
        }
        int n = Packetizer.evenPart(len, parts, index++);
        System.arraycopy(frame, pos, out, off, n);
        pos += n;
        return n;
    }
}
