package org.rtc4j.sdp;

import java.util.ArrayList;
import java.util.List;

/** Shared pieces of the typed parsers; every failure is an {@link SdpParseException} about a line. */
final class Values {
    private Values() {
    }

    /** The value of an attribute line; fails for a property attribute ({@code a=name} without a colon). */
    static String attributeValue(SdpLine line, String expected) {
        return line.attributeValue().orElseThrow(() -> SdpParseException.at(line, "the attribute has no value", expected));
    }

    /** The fields of a value separated by one or more spaces; leading and trailing spaces are ignored. */
    static List<String> fields(String s) {
        List<String> out = new ArrayList<>();
        int i = 0;
        int n = s.length();
        while (i < n) {
            while (i < n && s.charAt(i) == ' ') {
                i++;
            }
            int start = i;
            while (i < n && s.charAt(i) != ' ') {
                i++;
            }
            if (i > start) {
                out.add(s.substring(start, i));
            }
        }
        return out;
    }

    /** The value split at the first run of spaces into at most two fields, the second kept as written. */
    static String[] splitFirst(String s) {
        String t = stripLeading(s);
        int sp = t.indexOf(' ');
        if (sp < 0) {
            return new String[] {t};
        }
        return new String[] {t.substring(0, sp), stripLeading(t.substring(sp + 1))};
    }

    static String stripLeading(String s) {
        int i = 0;
        while (i < s.length() && s.charAt(i) == ' ') {
            i++;
        }
        return s.substring(i);
    }

    static boolean isDigits(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** A decimal number in min ~ max, or -1 if {@code s} is not one. */
    static long number(String s, long min, long max) {
        if (!isDigits(s)) {
            return -1;
        }
        int i = 0;
        while (i < s.length() - 1 && s.charAt(i) == '0') {
            i++;
        }
        if (s.length() - i > 18) {
            return -1;
        }
        long v = Long.parseLong(s, i, s.length(), 10);
        return v >= min && v <= max ? v : -1;
    }

    /** A decimal number in min ~ max; fails naming {@code what}. */
    static long number(SdpLine line, String s, long min, long max, String what) {
        long v = number(s, min, max);
        if (v < 0) {
            throw SdpParseException.at(line, isDigits(s) ? what + " " + s + " is out of range" : what + " is not a number",
                    min + " ~ " + max);
        }
        return v;
    }

    /** Checks that a token for a built line is not empty and holds no space, CR, LF or NUL. */
    static String token(String s, String what) {
        SdpLine.checkText(s, what);
        if (s.isEmpty() || s.indexOf(' ') >= 0) {
            throw new IllegalArgumentException(what + " '" + s + "' is empty or holds a space (expected: a token)");
        }
        return s;
    }

    static void range(long v, long min, long max, String what) {
        if (v < min || v > max) {
            throw new IllegalArgumentException(what + " " + v + " is out of range (expected: " + min + " ~ " + max + ")");
        }
    }
}
