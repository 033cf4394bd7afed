package org.rtc4j.rtp;

/**
 * Packetizer for audio formats whose RTP payload is the encoded frame itself: Opus (RFC 7587 §4.2, one
 * Opus packet per RTP packet, refused when larger than the payload budget) and G.711 PCMU/PCMA
 * (RFC 3551 §4.5.14, one byte per sample, split evenly when longer than the budget; the caller
 * advances the RTP timestamp by each payload's length). Buffer ownership as in {@link Packetizer}.
 */
public final class AudioPacketizer extends EvenSlicePacketizer {
    private final boolean splittable;

    private AudioPacketizer(int maxPayload, boolean splittable) {
        super(maxPayload);
        if (maxPayload < 1) {
            throw new IllegalArgumentException("max payload " + maxPayload + " (expected: >= 1)");
        }
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
    public void begin(byte[] frame, int off, int len) {
        if (!splittable && len > maxPayload()) {
            throw new IllegalArgumentException("Opus packet of " + len + " bytes (expected: at most " + maxPayload() + ")");
        }
        beginSlices(frame, off, len, maxPayload());
    }

    @Override
    int writeDescriptor(byte[] out, int o, boolean first, boolean last) {
        return 0; // the payload is the encoded audio itself
    }
}
