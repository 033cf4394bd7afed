package org.rtc4j.ice;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A DNS message (RFC 1035 §4.1) in the subset that mDNS for ICE candidates needs (RFC 6762 §18,
 * draft-ietf-mmusic-mdns-ice-candidates): the header, questions, and A / AAAA records. An immutable
 * value with its codec.
 *
 * <p><b>Decoding</b> ({@link #decode}) follows name compression (RFC 1035 §4.1.4) and reads the
 * answer and additional sections; records of other types or classes, and the whole authority
 * section, are stepped over by their RDLENGTH and left out. Everything a hostile sender can do is
 * refused with {@link DnsFormatException} and nothing else: a message over 9000 bytes (RFC 6762
 * §17), truncation anywhere, section counts that cannot fit in the bytes left, labels over 63 bytes
 * or of the reserved 0x40/0x80 kinds, names over 255 bytes, compression pointers that do not point
 * strictly before the label run they interrupt (which rules out loops and forward pointers), more
 * than {@value #MAX_POINTERS} pointers in one name, and A/AAAA records whose RDATA is not 4/16
 * bytes. The work is linear in the message size.
 *
 * <p><b>Names</b> are strings of labels joined by dots, without the trailing root dot, in the
 * presentation format of RFC 1035 §5.1: a dot or backslash inside a label is escaped with a
 * backslash and bytes outside printable ASCII as {@code \DDD}, so a decoded name is never ambiguous.
 * Case is preserved; {@link #canonical} gives the ASCII-lower-cased key that comparisons use (DNS
 * names compare case-insensitively, RFC 4343; RFC 6762 §16). {@link #encode} writes names with
 * compression and accepts only labels of printable ASCII without backslashes.
 *
 * <p><b>Bytes</b>: {@link #decode} reads the caller's array and keeps no reference to it;
 * {@link #encode} returns a fresh array the caller owns.
 */
final class DnsMessage {
    static final int TYPE_A = 1;
    static final int TYPE_AAAA = 28;
    static final int TYPE_ANY = 255;
    static final int CLASS_IN = 1;
    static final int CLASS_ANY = 255;
    /** QR: the message is a response. */
    static final int FLAG_RESPONSE = 0x8000;
    /** AA: an authoritative answer; RFC 6762 §18.4 has responders set it. */
    static final int FLAG_AUTHORITATIVE = 0x0400;
    /** The largest mDNS message accepted or written, RFC 6762 §17. */
    static final int MAX_MESSAGE_SIZE = 9000;
    static final int MAX_LABEL_LENGTH = 63;
    /** The longest name in wire form, length octets and the root label included (RFC 1035 §2.3.4). */
    static final int MAX_NAME_LENGTH = 255;
    /** More pointers than a 255-byte name could ever need is hostile. */
    static final int MAX_POINTERS = 127;

    private static final int HEADER_SIZE = 12;
    private static final int MIN_QUESTION_SIZE = 5;
    private static final int MIN_RECORD_SIZE = 11;
    private static final int TOP_BIT = 0x8000;

    /**
     * A question (RFC 1035 §4.1.2) with the mDNS unicast-response bit, the top bit of QCLASS
     * (RFC 6762 §5.4, the "QU" bit).
     *
     * @param name            the name asked for
     * @param type            QTYPE, e.g. {@link #TYPE_A}, {@link #TYPE_AAAA}, {@link #TYPE_ANY}
     * @param qclass          QCLASS without the top bit, usually {@link #CLASS_IN}
     * @param unicastResponse whether the querier asks for a unicast response
     */
    record Question(String name, int type, int qclass, boolean unicastResponse) {
        Question {
            checkUnsigned16(type, "type");
            if (qclass < 0 || qclass > 0x7FFF) {
                throw new IllegalArgumentException("class " + qclass + " (expected: 0 ~ 32767; the top bit is unicastResponse)");
            }
        }
    }

    /**
     * An A or AAAA record (RFC 1035 §3.4.1, RFC 3596 §2) of class IN, with the mDNS cache-flush bit,
     * the top bit of RRCLASS (RFC 6762 §10.2).
     *
     * @param name       the owner name
     * @param address    an {@link Inet4Address} for A, an {@link Inet6Address} for AAAA
     * @param cacheFlush whether this record replaces what caches hold for the name (unique records)
     * @param ttl        seconds, 0 ~ 2^31 - 1; 0 is a goodbye (RFC 6762 §10.1)
     */
    record AddressRecord(String name, InetAddress address, boolean cacheFlush, long ttl) {
        AddressRecord {
            if (name == null || address == null) {
                throw new IllegalArgumentException("an address record needs a name and an address");
            }
            if (ttl < 0 || ttl > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("ttl " + ttl + " (expected: 0 ~ 2147483647)");
            }
        }

        int type() {
            return address instanceof Inet4Address ? TYPE_A : TYPE_AAAA;
        }
    }

    private final int id;
    private final int flags;
    private final List<Question> questions;
    private final List<AddressRecord> answers;
    private final List<AddressRecord> additionals;

    /**
     * @param id          the message ID; 0 for mDNS (RFC 6762 §18.1), echoed in legacy unicast responses
     * @param flags       the second 16 bits of the header (QR, opcode, AA, TC, RD, RA, Z, AD, CD, RCODE)
     * @param answers     the answer section
     * @param additionals the additional section
     */
    DnsMessage(int id, int flags, List<Question> questions, List<AddressRecord> answers, List<AddressRecord> additionals) {
        checkUnsigned16(id, "id");
        checkUnsigned16(flags, "flags");
        this.id = id;
        this.flags = flags;
        this.questions = List.copyOf(questions);
        this.answers = List.copyOf(answers);
        this.additionals = List.copyOf(additionals);
    }

    /** A query (QR = 0, opcode 0) with the given questions. */
    static DnsMessage query(int id, List<Question> questions) {
        return new DnsMessage(id, 0, questions, List.of(), List.of());
    }

    /** An authoritative response (QR = 1, AA = 1) with the given questions and answers. */
    static DnsMessage response(int id, List<Question> questions, List<AddressRecord> answers) {
        return new DnsMessage(id, FLAG_RESPONSE | FLAG_AUTHORITATIVE, questions, answers, List.of());
    }

    int id() {
        return id;
    }

    int flags() {
        return flags;
    }

    boolean isResponse() {
        return (flags & FLAG_RESPONSE) != 0;
    }

    /** OPCODE; RFC 6762 §18.3 has mDNS ignore messages where it is not 0. */
    int opcode() {
        return (flags >>> 11) & 0xF;
    }

    /** RCODE; RFC 6762 §18.11 has mDNS ignore messages where it is not 0. */
    int rcode() {
        return flags & 0xF;
    }

    List<Question> questions() {
        return questions;
    }

    /** The A/AAAA records of the answer section (for a query, its known answers, RFC 6762 §7.1). */
    List<AddressRecord> answers() {
        return answers;
    }

    /** The A/AAAA records of the additional section. */
    List<AddressRecord> additionals() {
        return additionals;
    }

    @Override
    public String toString() {
        return "DnsMessage[id=" + id + ", flags=0x" + Integer.toHexString(flags) + ", questions=" + questions
                + ", answers=" + answers + ", additionals=" + additionals + "]";
    }

    /** The key names are compared by: ASCII letters lower-cased, a trailing root dot removed (RFC 4343). */
    static String canonical(String name) {
        int end = name.length();
        if (end > 0 && name.charAt(end - 1) == '.' && (end < 2 || name.charAt(end - 2) != '\\')) {
            end--;
        }
        char[] c = new char[end];
        for (int i = 0; i < end; i++) {
            char ch = name.charAt(i);
            c[i] = ch >= 'A' && ch <= 'Z' ? (char) (ch + ('a' - 'A')) : ch;
        }
        return new String(c);
    }

    // ------------------------------------------------------------------------------------- decode

    /** Decodes a whole array; see {@link #decode(byte[], int, int)}. */
    static DnsMessage decode(byte[] data) throws DnsFormatException {
        return decode(data, 0, data.length);
    }

    /**
     * Decodes the message in {@code data[offset, offset + length)}. Reads the array and keeps no
     * reference to it.
     *
     * @throws DnsFormatException for anything malformed, with what was wrong and where
     */
    static DnsMessage decode(byte[] data, int offset, int length) throws DnsFormatException {
        if (offset < 0 || length < 0 || offset > data.length - length) {
            throw new IllegalArgumentException("range " + offset + "+" + length + " of an array of " + data.length);
        }
        if (length > MAX_MESSAGE_SIZE) {
            throw new DnsFormatException("message of " + length + " bytes (expected: at most " + MAX_MESSAGE_SIZE + ", RFC 6762 §17)");
        }
        if (length < HEADER_SIZE) {
            throw new DnsFormatException("message of " + length + " bytes (expected: at least the 12-byte header)");
        }
        return new Reader(data, offset, length).message();
    }

    /** One pass over one message; positions are absolute indexes into the array. */
    private static final class Reader {
        private final byte[] data;
        private final int start;
        private final int end;
        private int pos;

        Reader(byte[] data, int offset, int length) {
            this.data = data;
            this.start = offset;
            this.end = offset + length;
            this.pos = offset;
        }

        DnsMessage message() throws DnsFormatException {
            int id = u16();
            int flags = u16();
            int qd = u16();
            int an = u16();
            int ns = u16();
            int ar = u16();
            long needed = (long) qd * MIN_QUESTION_SIZE + (long) (an + ns + ar) * MIN_RECORD_SIZE;
            if (needed > end - pos) {
                throw new DnsFormatException("counts qd=" + qd + " an=" + an + " ns=" + ns + " ar=" + ar
                        + " need at least " + needed + " bytes after the header (there are " + (end - pos) + ")");
            }
            List<Question> questions = new ArrayList<>(qd);
            for (int i = 0; i < qd; i++) {
                String name = name();
                int type = u16();
                int qclass = u16();
                questions.add(new Question(name, type, qclass & 0x7FFF, (qclass & TOP_BIT) != 0));
            }
            List<AddressRecord> answers = records(an, "answer");
            records(ns, "authority");
            List<AddressRecord> additionals = records(ar, "additional");
            return new DnsMessage(id, flags, questions, answers, additionals);
        }

        /** Reads count records and keeps the A/AAAA records of class IN. */
        private List<AddressRecord> records(int count, String section) throws DnsFormatException {
            List<AddressRecord> out = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String name = name();
                int type = u16();
                int rrclass = u16();
                long ttl = u32();
                int rdlength = u16();
                if (rdlength > end - pos) {
                    throw new DnsFormatException(section + " record " + i + " of '" + name + "' has RDLENGTH " + rdlength
                            + " but " + (end - pos) + " bytes are left");
                }
                int rdata = pos;
                pos += rdlength;
                if ((rrclass & 0x7FFF) != CLASS_IN || (type != TYPE_A && type != TYPE_AAAA)) {
                    continue;
                }
                int expected = type == TYPE_A ? 4 : 16;
                if (rdlength != expected) {
                    throw new DnsFormatException((type == TYPE_A ? "A" : "AAAA") + " record of '" + name + "' has RDLENGTH "
                            + rdlength + " (expected: " + expected + ")");
                }
                byte[] raw = Arrays.copyOfRange(data, rdata, rdata + rdlength);
                InetAddress address;
                try {
                    // Inet6Address keeps an IPv4-mapped AAAA an AAAA; InetAddress.getByAddress would not.
                    address = type == TYPE_A ? InetAddress.getByAddress(raw) : Inet6Address.getByAddress(null, raw, null);
                } catch (UnknownHostException e) {
                    throw new IllegalStateException("a 4- or 16-byte address was refused", e);
                }
                // RFC 2181 §8: a TTL with the top bit set is read as zero.
                out.add(new AddressRecord(name, address, (rrclass & TOP_BIT) != 0, ttl > Integer.MAX_VALUE ? 0 : ttl));
            }
            return out;
        }

        /**
         * Reads a possibly compressed name at {@code pos} and leaves {@code pos} after it. A pointer
         * must point strictly before the run of labels it ends (the name's start, or the previous
         * pointer's target), so targets strictly decrease and loops are impossible.
         */
        private String name() throws DnsFormatException {
            StringBuilder out = new StringBuilder();
            int p = pos;
            int runStart = pos;
            int wireLength = 1;
            int pointers = 0;
            boolean jumped = false;
            while (true) {
                if (p >= end) {
                    throw new DnsFormatException("name at offset " + (pos - start) + " runs past the end of the message");
                }
                int len = data[p] & 0xFF;
                int kind = len & 0xC0;
                if (kind == 0xC0) {
                    if (p + 1 >= end) {
                        throw new DnsFormatException("compression pointer at offset " + (p - start) + " is cut off");
                    }
                    int target = ((len & 0x3F) << 8) | (data[p + 1] & 0xFF);
                    if (target >= runStart - start) {
                        throw new DnsFormatException("compression pointer at offset " + (p - start) + " to " + target
                                + " (expected: before " + (runStart - start) + "; a forward pointer or a loop)");
                    }
                    if (++pointers > MAX_POINTERS) {
                        throw new DnsFormatException("name at offset " + (pos - start) + " has more than " + MAX_POINTERS + " pointers");
                    }
                    if (!jumped) {
                        pos = p + 2;
                        jumped = true;
                    }
                    p = start + target;
                    runStart = p;
                    continue;
                }
                if (kind != 0) {
                    throw new DnsFormatException("label at offset " + (p - start) + " has the reserved type bits 0x"
                            + Integer.toHexString(kind) + " (a label of " + len + " bytes; the limit is " + MAX_LABEL_LENGTH + ")");
                }
                if (len == 0) {
                    if (!jumped) {
                        pos = p + 1;
                    }
                    return out.toString();
                }
                wireLength += len + 1;
                if (wireLength > MAX_NAME_LENGTH) {
                    throw new DnsFormatException("name at offset " + (pos - start) + " is longer than " + MAX_NAME_LENGTH + " bytes");
                }
                if (len > end - p - 1) {
                    throw new DnsFormatException("label at offset " + (p - start) + " of " + len + " bytes runs past the end");
                }
                if (out.length() > 0) {
                    out.append('.');
                }
                appendLabel(out, p + 1, len);
                p += 1 + len;
            }
        }

        private void appendLabel(StringBuilder out, int from, int len) {
            for (int i = from; i < from + len; i++) {
                int c = data[i] & 0xFF;
                if (c == '.' || c == '\\') {
                    out.append('\\').append((char) c);
                } else if (c < 0x21 || c > 0x7E) {
                    out.append('\\').append((char) ('0' + c / 100)).append((char) ('0' + c / 10 % 10)).append((char) ('0' + c % 10));
                } else {
                    out.append((char) c);
                }
            }
        }

        private int u16() throws DnsFormatException {
            if (end - pos < 2) {
                throw new DnsFormatException("message ends at offset " + (pos - start) + " where 2 more bytes were expected");
            }
            int v = ((data[pos] & 0xFF) << 8) | (data[pos + 1] & 0xFF);
            pos += 2;
            return v;
        }

        private long u32() throws DnsFormatException {
            long hi = u16();
            return (hi << 16) | u16();
        }
    }

    // ------------------------------------------------------------------------------------- encode

    /**
     * Encodes the message with name compression.
     *
     * @return a fresh array the caller owns
     * @throws IllegalArgumentException if a name is not encodable (empty or over-long labels, a name
     *                                  over 255 bytes, characters outside printable ASCII or a backslash)
     *                                  or the message would exceed {@value #MAX_MESSAGE_SIZE} bytes
     */
    byte[] encode() {
        Writer w = new Writer();
        w.u16(id);
        w.u16(flags);
        w.u16(questions.size());
        w.u16(answers.size());
        w.u16(0);
        w.u16(additionals.size());
        for (Question q : questions) {
            w.name(q.name());
            w.u16(q.type());
            w.u16(q.qclass() | (q.unicastResponse() ? TOP_BIT : 0));
        }
        for (AddressRecord r : answers) {
            w.record(r);
        }
        for (AddressRecord r : additionals) {
            w.record(r);
        }
        return w.toByteArray();
    }

    /**
     * The labels of a name for the wire, checked.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    static List<String> labels(String name) {
        String n = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        if (n.isEmpty()) {
            throw new IllegalArgumentException("empty name (expected: at least one label)");
        }
        List<String> labels = List.of(n.split("\\.", -1));
        int wire = 1;
        for (String label : labels) {
            if (label.isEmpty() || label.length() > MAX_LABEL_LENGTH) {
                throw new IllegalArgumentException("label '" + label + "' in '" + name + "' (expected: 1 ~ " + MAX_LABEL_LENGTH + " characters)");
            }
            for (int i = 0; i < label.length(); i++) {
                char c = label.charAt(i);
                if (c < 0x21 || c > 0x7E || c == '\\') {
                    throw new IllegalArgumentException("character 0x" + Integer.toHexString(c) + " in '" + name
                            + "' (expected: printable ASCII without backslash)");
                }
            }
            wire += label.length() + 1;
        }
        if (wire > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("name '" + name + "' is " + wire + " bytes on the wire (expected: at most " + MAX_NAME_LENGTH + ")");
        }
        return labels;
    }

    private static void checkUnsigned16(int v, String what) {
        if (v < 0 || v > 0xFFFF) {
            throw new IllegalArgumentException(what + " " + v + " (expected: 0 ~ 65535)");
        }
    }

    /** A growable buffer that remembers where each name suffix was written, for compression. */
    private static final class Writer {
        private byte[] buf = new byte[512];
        private int len;
        private final Map<String, Integer> suffixes = new HashMap<>();

        void u16(int v) {
            ensure(2);
            buf[len++] = (byte) (v >>> 8);
            buf[len++] = (byte) v;
        }

        void u32(long v) {
            u16((int) (v >>> 16) & 0xFFFF);
            u16((int) v & 0xFFFF);
        }

        void name(String name) {
            List<String> labels = labels(name);
            for (int i = 0; i < labels.size(); i++) {
                // Case-sensitive, so that every name decodes with the case it was written in.
                String suffix = String.join(".", labels.subList(i, labels.size()));
                Integer at = suffixes.get(suffix);
                if (at != null) {
                    u16(0xC000 | at);
                    return;
                }
                if (len <= 0x3FFF) {
                    suffixes.put(suffix, len);
                }
                byte[] label = labels.get(i).getBytes(StandardCharsets.US_ASCII);
                ensure(1 + label.length);
                buf[len++] = (byte) label.length;
                System.arraycopy(label, 0, buf, len, label.length);
                len += label.length;
            }
            ensure(1);
            buf[len++] = 0;
        }

        void record(AddressRecord r) {
            name(r.name());
            u16(r.type());
            u16(CLASS_IN | (r.cacheFlush() ? TOP_BIT : 0));
            u32(r.ttl());
            byte[] a = r.address().getAddress();
            u16(a.length);
            ensure(a.length);
            System.arraycopy(a, 0, buf, len, a.length);
            len += a.length;
        }

        private void ensure(int n) {
            if (len + n > MAX_MESSAGE_SIZE) {
                throw new IllegalArgumentException("message over " + MAX_MESSAGE_SIZE + " bytes (RFC 6762 §17)");
            }
            if (len + n > buf.length) {
                buf = Arrays.copyOf(buf, Math.min(MAX_MESSAGE_SIZE, Math.max(buf.length * 2, len + n)));
            }
        }

        byte[] toByteArray() {
            return Arrays.copyOf(buf, len);
        }
    }
}
