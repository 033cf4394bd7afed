package org.rtc4j.rtp;

import java.util.Arrays;

/**
 * H.264 packetizer (RFC 6184): takes an access unit in Annex B form (NAL units after 3- or 4-byte
 * start codes) and emits single NAL unit packets (§5.6), STAP-A aggregates of consecutive small NAL
 * units (§5.7.1, packetization-mode 1) and FU-A fragments split evenly (§5.8). In packetization-mode 0
 * only single NAL unit packets are allowed, and a NAL unit larger than the payload budget is refused.
 * Buffer ownership as in {@link Packetizer}; the plan arrays grow once and are reused.
 */
public final class H264Packetizer implements Packetizer {
    private static final int SINGLE = 0, STAP_A = 1, FU_A = 2;

    private final int maxPayload;
    private final int mode;
    private byte[] frame;
    private int[] nalOff = new int[16];
    private int[] nalLen = new int[16];
    private int nals;
    // plan: per packet, kind, a NAL index (first for STAP-A), a count or fragment offset, a length
    private int[] kind = new int[32];
    private int[] first = new int[32];
    private int[] arg = new int[32];
    private int[] size = new int[32];
    private int packets;
    private int index;

    public H264Packetizer() {
        this(DEFAULT_MAX_PAYLOAD, 1);
    }

    /** @param packetizationMode 0 (single NAL unit only) or 1 (non-interleaved) */
    public H264Packetizer(int maxPayload, int packetizationMode) {
        if (maxPayload < 3) {
            throw new IllegalArgumentException("max payload " + maxPayload + " (expected: >= 3)");
        }
        if (packetizationMode != 0 && packetizationMode != 1) {
            throw new IllegalArgumentException("packetization-mode " + packetizationMode + " (expected: 0 or 1)");
        }
        this.maxPayload = maxPayload;
        this.mode = packetizationMode;
    }

    @Override
    public int maxPayload() {
        return maxPayload;
    }

    @Override
    public void begin(byte[] frame, int off, int len) {
        Bytes.checkRange(frame, off, len);
        this.frame = frame;
        scan(frame, off, len);
        packets = 0;
        index = 0;
        int i = 0;
        while (i < nals) {
            int l = nalLen[i];
            if (l > maxPayload) {
                if (mode == 0) {
                    packets = 0;
                    throw new IllegalArgumentException("NAL unit of " + l + " bytes in packetization-mode 0 (expected: at most " + maxPayload + ")");
                }
                int cap = maxPayload - 2;
                int n = Packetizer.parts(l - 1, cap);
                int pos = nalOff[i] + 1;
                for (int k = 0; k < n; k++) {
                    int part = Packetizer.evenPart(l - 1, n, k);
                    add(FU_A, i, pos, part);
                    pos += part;
                }
                i++;
                continue;
            }
            int j = i;
            int agg = 1;
            if (mode == 1) {
                while (j < nals && agg + 2 + nalLen[j] <= maxPayload) {
                    agg += 2 + nalLen[j];
                    j++;
                }
            }
            if (j - i >= 2) {
                add(STAP_A, i, j - i, agg);
                i = j;
            } else {
                add(SINGLE, i, 0, l);
                i++;
            }
        }
    }

    private void scan(byte[] b, int off, int len) {
        nals = 0;
        int end = off + len;
        int i = off;
        int start = -1;
        while (i + 2 < end) {
            int third = b[i + 2];
            if (third != 0 && third != 1) {
                i += 3; // no start code can cover a byte other than 0 or 1 at i + 2
            } else if (third == 1 && b[i + 1] == 0 && b[i] == 0) {
                if (start >= 0) {
                    int e = i;
                    while (e > start && b[e - 1] == 0) {
                        e--; // a 4-byte start code's leading zero, or trailing zeros
                    }
                    addNal(start, e - start);
                }
                i += 3;
                start = i;
            } else {
                i++;
            }
        }
        if (start < 0) {
            throw new IllegalArgumentException("no Annex B start code in the access unit");
        }
        addNal(start, end - start);
    }

    private void addNal(int o, int l) {
        if (l == 0) {
            return;
        }
        if (nals == nalOff.length) {
            nalOff = Arrays.copyOf(nalOff, nals * 2);
            nalLen = Arrays.copyOf(nalLen, nals * 2);
        }
        nalOff[nals] = o;
        nalLen[nals++] = l;
    }

    private void add(int k, int f, int a, int s) {
        if (packets == kind.length) {
            kind = Arrays.copyOf(kind, packets * 2);
            first = Arrays.copyOf(first, packets * 2);
            arg = Arrays.copyOf(arg, packets * 2);
            size = Arrays.copyOf(size, packets * 2);
        }
        kind[packets] = k;
        first[packets] = f;
        arg[packets] = a;
        size[packets++] = s;
    }

    @Override
    public boolean hasNext() {
        return index < packets;
    }

    @Override
    public int next(byte[] out, int o) {
        if (index >= packets) {
            throw new IllegalStateException("no payload left (expected: hasNext())");
        }
        int p = index++;
        int n = first[p];
        switch (kind[p]) {
            case SINGLE -> {
                System.arraycopy(frame, nalOff[n], out, o, nalLen[n]);
                return nalLen[n];
            }
            case STAP_A -> {
                int nri = 0;
                int w = o + 1;
                for (int k = n; k < n + arg[p]; k++) {
                    nri = Math.max(nri, frame[nalOff[k]] & 0x60);
                    Bytes.put16(out, w, nalLen[k]);
                    System.arraycopy(frame, nalOff[k], out, w + 2, nalLen[k]);
                    w += 2 + nalLen[k];
                }
                out[o] = (byte) (nri | 24);
                return w - o;
            }
            default -> {
                int header = frame[nalOff[n]] & 0xFF;
                boolean start = arg[p] == nalOff[n] + 1;
                boolean end = arg[p] + size[p] == nalOff[n] + nalLen[n];
                out[o] = (byte) (header & 0xE0 | 28);
                out[o + 1] = (byte) ((start ? 0x80 : 0) | (end ? 0x40 : 0) | header & 0x1F);
                System.arraycopy(frame, arg[p], out, o + 2, size[p]);
                return 2 + size[p];
            }
        }
    }
}
