package org.rtc4j.pc;

/** Whether ICE candidates are being gathered (W3C §4.3.2). {@link #toString()} gives the spec's string. */
public enum RTCIceGatheringState implements W3cEnum {
    NEW, GATHERING, COMPLETE;

    @Override
    public String toString() {
        return w3c();
    }

    /** The value for a spec string. */
    public static RTCIceGatheringState of(String text) {
        return W3cEnum.parse(RTCIceGatheringState.class, text);
    }
}
