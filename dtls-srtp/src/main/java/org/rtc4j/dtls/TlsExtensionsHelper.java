package org.rtc4j.dtls;

import java.util.Hashtable;

/** Bouncy Castle passes extensions as raw {@code Hashtable}s that may be null. */
final class TlsExtensionsHelper {
    private TlsExtensionsHelper() {
    }

    @SuppressWarnings("rawtypes")
    static Hashtable ensure(Hashtable extensions) {
        return extensions == null ? new Hashtable() : extensions;
    }
}
