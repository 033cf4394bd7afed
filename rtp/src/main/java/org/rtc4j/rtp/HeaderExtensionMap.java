package org.rtc4j.rtp;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The negotiated mapping between RTP header extension local ids (1 ~ 255, RFC 8285 §5) and their URIs,
 * built from SDP {@code a=extmap} lines (RFC 8285 §8). Lookups by id and by {@link HeaderExtension}
 * are array reads; URIs this package does not type are kept and can be looked up by string.
 * Immutable once built, so it can be shared between streams and threads.
 */
public final class HeaderExtensionMap {
    /** An empty map. */
    public static final HeaderExtensionMap EMPTY = new HeaderExtensionMap(new String[256]);

    private final String[] uris;
    private final int[] ids = new int[HeaderExtension.values().length];

    private HeaderExtensionMap(String[] uris) {
        this.uris = uris;
        for (int id = 1; id < 256; id++) {
            HeaderExtension e = uris[id] == null ? null : HeaderExtension.ofUri(uris[id]);
            if (e != null && ids[e.ordinal()] == 0) {
                ids[e.ordinal()] = id;
            }
        }
    }

    /**
     * Builds a map from {@code a=extmap} attribute values or lines, for example
     * {@code "a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01"}
     * or {@code "extmap:4/recvonly urn:ietf:params:rtp-hdrext:sdes:mid"}.
     *
     * @throws IllegalArgumentException for a line that is not an extmap, an id out of 1 ~ 255, or an
     *         id given twice with different URIs
     */
    public static HeaderExtensionMap fromExtmap(Collection<String> lines) {
        String[] uris = new String[256];
        for (String line : lines) {
            String s = line.strip();
            if (s.startsWith("a=")) {
                s = s.substring(2);
            }
            if (!s.startsWith("extmap:")) {
                throw new IllegalArgumentException("'" + line + "' (expected: a=extmap:<id>[/<direction>] <uri>)");
            }
            s = s.substring(7);
            int space = s.indexOf(' ');
            if (space < 0) {
                throw new IllegalArgumentException("'" + line + "' has no URI");
            }
            String idPart = s.substring(0, space);
            int slash = idPart.indexOf('/');
            int id;
            try {
                id = Integer.parseInt(slash < 0 ? idPart : idPart.substring(0, slash));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + line + "' has a bad id", e);
            }
            String rest = s.substring(space + 1).strip();
            int end = rest.indexOf(' ');
            String uri = end < 0 ? rest : rest.substring(0, end);
            put(uris, id, uri);
        }
        return new HeaderExtensionMap(uris);
    }

    /** Builds a map from ids to URIs. */
    public static HeaderExtensionMap of(Map<Integer, String> idsToUris) {
        String[] uris = new String[256];
        idsToUris.forEach((id, uri) -> put(uris, id, uri));
        return new HeaderExtensionMap(uris);
    }

    private static void put(String[] uris, int id, String uri) {
        if (id < 1 || id > 255) {
            throw new IllegalArgumentException("extension id " + id + " (expected: 1 ~ 255)");
        }
        if (uris[id] != null && !uris[id].equals(uri)) {
            throw new IllegalArgumentException("extension id " + id + " is both " + uris[id] + " and " + uri);
        }
        uris[id] = uri;
    }

    /** The local id of a typed extension, or 0 when it was not negotiated. */
    public int id(HeaderExtension extension) {
        return ids[extension.ordinal()];
    }

    /** The local id of the extension with this URI, or 0. */
    public int id(String uri) {
        for (int id = 1; id < 256; id++) {
            if (uri.equals(uris[id])) {
                return id;
            }
        }
        return 0;
    }

    /** The URI of a local id, or null. */
    public String uri(int id) {
        return id < 1 || id > 255 ? null : uris[id];
    }

    /** The typed extension of a local id, or null (unknown URI or unmapped id). */
    public HeaderExtension extension(int id) {
        String uri = uri(id);
        return uri == null ? null : HeaderExtension.ofUri(uri);
    }

    /** Whether every id fits the one-byte form (1 ~ 14). */
    public boolean fitsOneByteForm() {
        for (int id = 15; id < 256; id++) {
            if (uris[id] != null) {
                return false;
            }
        }
        return true;
    }

    /** The ids and URIs, in id order. */
    public Map<Integer, String> asMap() {
        Map<Integer, String> m = new LinkedHashMap<>();
        for (int id = 1; id < 256; id++) {
            if (uris[id] != null) {
                m.put(id, uris[id]);
            }
        }
        return m;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HeaderExtensionMap other && Arrays.equals(uris, other.uris);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(uris);
    }

    @Override
    public String toString() {
        return "HeaderExtensionMap" + asMap();
    }
}
