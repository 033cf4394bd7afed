package org.rtc4j.media;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;

/**
 * A C struct inside a codec library, reached through a pointer field of FFmpeg's private encoder state,
 * read and written field by field at fixed byte offsets. rtc4j uses it only where FFmpeg 7.1's wrappers
 * give no run-time control that the library itself has (see {@link LibvpxRateControl} and
 * {@link LibopusRateControl}), and only after {@link #holds} has confirmed that several known fields
 * carry exactly the values this encoder was opened with: a layout that differs (another FFmpeg or
 * library build) fails that check, and the caller falls back to reopening the encoder.
 *
 * <p>Memory: the struct belongs to the codec; this view is valid while the encoder is open.
 */
final class NativeStruct {
    private final BytePointer base;

    private NativeStruct(Pointer address, long size) {
        this.base = new BytePointer(address).capacity(size);
    }

    /**
     * The struct whose address sits at byte {@code pointerOffset} of {@code owner}, or null when the
     * owner or that pointer is null.
     */
    static NativeStruct behind(Pointer owner, long pointerOffset, long size) {
        if (owner == null || owner.isNull()) {
            return null;
        }
        Pointer p = new BytePointer(owner).capacity(pointerOffset + Pointer.sizeof(Pointer.class)).getPointerValue(pointerOffset);
        return p == null || p.isNull() ? null : new NativeStruct(p, size);
    }

    int getInt(long offset) {
        return base.getInt(offset);
    }

    void putInt(long offset, int value) {
        base.putInt(offset, value);
    }

    int getByte(long offset) {
        return base.get(offset) & 0xFF;
    }

    /** Whether the 32-bit fields at {@code offsets} hold {@code values}, pairwise. */
    boolean holds(long[] offsets, int[] values) {
        for (int i = 0; i < offsets.length; i++) {
            if (getInt(offsets[i]) != values[i]) {
                return false;
            }
        }
        return true;
    }
}
