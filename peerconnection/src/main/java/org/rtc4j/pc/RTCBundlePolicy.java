package org.rtc4j.pc;

/** How media is bundled (W3C §4.2.6, RFC 8843); rtc4j negotiates max-bundle and accepts the others from the application as max-bundle. {@link #toString()} gives the spec's string. */
public enum RTCBundlePolicy implements W3cEnum {
    BALANCED, MAX_COMPAT, MAX_BUNDLE;

    @Override
    public String toString() {
        return w3c();
    }

    /** The value for a spec string. */
    public static RTCBundlePolicy of(String text) {
        return W3cEnum.parse(RTCBundlePolicy.class, text);
    }
}
