package org.rtc4j.rtp;

/**
 * Depacketizer for Opus (RFC 7587 §4.2) and G.711 (RFC 3551 §4.5.14): every packet is a frame and
 * its payload is the frame. An Opus payload must hold at least its TOC byte (RFC 6716 §3.1); Opus
 * keyframes do not exist, so every packet counts as one. Buffer ownership as in {@link Depacketizer}.
 */
public final class AudioDepacketizer implements Depacketizer {
    private final boolean opus;

    private AudioDepacketizer(boolean opus) {
        this.opus = opus;
    }

    public static AudioDepacketizer opus() {
        return new AudioDepacketizer(true);
    }

    public static AudioDepacketizer g711() {
        return new AudioDepacketizer(false);
    }

    @Override
    public boolean isFrameStart(byte[] p, int off, int len) {
        return true;
    }

    @Override
    public boolean isKeyframe(byte[] p, int off, int len) {
        return true;
    }

    @Override
    public boolean isAudio() {
        return true;
    }

    @Override
    public int depacketize(byte[] p, int off, int len, byte[] out, int outOff) throws RtpException {
        if (opus && len < 1) {
            throw new RtpException(RtpException.Reason.TRUNCATED, "Opus payload without a TOC byte");
        }
        Depacketizer.checkRoom(out, outOff, len);
        System.arraycopy(p, off, out, outOff, len);
        return len;
    }
}
