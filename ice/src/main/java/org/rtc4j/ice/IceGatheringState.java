package org.rtc4j.ice;

/** The gathering state of an ICE agent, with the W3C {@code RTCIceGathererState} strings. */
public enum IceGatheringState {
    NEW("new"), GATHERING("gathering"), COMPLETE("complete");

    private final String w3c;

    IceGatheringState(String w3c) {
        this.w3c = w3c;
    }

    /** The W3C string, such as {@code "gathering"}. */
    public String w3cName() {
        return w3c;
    }

    @Override
    public String toString() {
        return w3c;
    }
}
