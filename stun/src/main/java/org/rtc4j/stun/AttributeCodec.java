package org.rtc4j.stun;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Encodes and decodes attribute values (RFC 8489 §14, RFC 8656 §18). XOR'd addresses need the
 * message header, so every method takes the message array and the offset of its header.
 */
final class AttributeCodec {
    static final int FAMILY_IPV4 = 0x01;
    static final int FAMILY_IPV6 = 0x02;

    private AttributeCodec() {
    }

    /**
     * Checks that a known attribute's value is well formed, so that {@link #decode} cannot fail later.
     * Unknown types are opaque and always valid.
     */
    static void validate(StunAttributeType type, byte[] b, int off, int len) throws StunException {
        if (!type.isKnown()) {
            return;
        }
        if (len < type.minLength() || len > type.maxLength()) {
            throw bad(type, "length " + len + " (expected: " + type.minLength() + " ~ " + type.maxLength() + ")");
        }
        switch (type.kind()) {
            case TEXT -> checkDecodedLength(type, b, off, len, type.maxLength());
            case ADDRESS, XOR_ADDRESS -> {
                int family = b[off + 1] & 0xFF;
                if (!(family == FAMILY_IPV4 && len == 8) && !(family == FAMILY_IPV6 && len == 20)) {
                    throw bad(type, "family " + family + " with length " + len + " (expected: 1 with 8 or 2 with 20)");
                }
            }
            case ERROR_CODE, ADDRESS_ERROR_CODE -> {
                int cls = b[off + 2] & 0x07;
                int number = b[off + 3] & 0xFF;
                if (cls < 3 || cls > 6 || number > 99) {
                    throw bad(type, "class " + cls + " number " + number + " (expected: class 3 ~ 6, number 0 ~ 99)");
                }
                checkDecodedLength(type, b, off + 4, len - 4, type.maxLength() - 4);
            }
            case UNKNOWN_ATTRIBUTES -> {
                if (len % 2 != 0) {
                    throw bad(type, "odd length " + len);
                }
            }
            case PASSWORD_ALGORITHM -> {
                if (walkAlgorithms(type, b, off, len, null) != 1) {
                    throw bad(type, "must hold exactly one algorithm");
                }
            }
            case PASSWORD_ALGORITHMS -> walkAlgorithms(type, b, off, len, null);
            default -> {
            }
        }
        if (type.equals(StunAttributeType.MESSAGE_INTEGRITY_SHA256) && len % 4 != 0) {
            throw bad(type, "length " + len + " (expected: a multiple of 4 from 16 to 32)");
        }
    }

    /**
     * Text is decoded leniently, each malformed UTF-8 sequence becoming U+FFFD (three bytes), so a
     * value within its limit on the wire can outgrow it as a string, which the records refuse.
     * Only values longer than a third of the limit can; those are decoded here to measure.
     */
    private static void checkDecodedLength(StunAttributeType type, byte[] b, int off, int len, int max)
            throws StunException {
        if (len > max / 3) {
            int decoded = new String(b, off, len, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8).length;
            if (decoded > max) {
                throw bad(type, len + " bytes of malformed UTF-8 that decode to " + decoded + " (expected: 0 ~ " + max + ")");
            }
        }
    }

    private static StunException bad(StunAttributeType type, String what) {
        return new StunException(StunException.Reason.BAD_ATTRIBUTE_VALUE, type + ": " + what);
    }

    /** Walks a PASSWORD-ALGORITHM(S) value, adding to {@code out} if not null; returns the count. */
    private static int walkAlgorithms(StunAttributeType type, byte[] b, int off, int len, List<PasswordAlgorithm> out)
            throws StunException {
        int pos = off;
        int end = off + len;
        int count = 0;
        while (pos < end) {
            if (end - pos < 4) {
                throw bad(type, "truncated algorithm header");
            }
            int code = Bytes.getU16(b, pos);
            int paramLen = Bytes.getU16(b, pos + 2);
            int next = pos + 4 + Bytes.pad4(paramLen);
            if (next > end) {
                throw bad(type, "algorithm parameters of " + paramLen + " bytes run past the attribute");
            }
            if (out != null) {
                out.add(paramLen == 0 ? PasswordAlgorithm.of(code)
                        : new PasswordAlgorithm(code, Arrays.copyOfRange(b, pos + 4, pos + 4 + paramLen)));
            }
            pos = next;
            count++;
        }
        return count;
    }

    /** Decodes a value that {@link #validate} accepted. */
    static StunAttribute decode(StunAttributeType type, byte[] b, int off, int len, byte[] msg, int msgOff) {
        try {
            return switch (type.kind()) {
                case ADDRESS -> new StunAttribute.Address(type, readAddress(b, off, len, null, 0));
                case XOR_ADDRESS -> new StunAttribute.Address(type, readAddress(b, off, len, msg, msgOff));
                case TEXT -> new StunAttribute.Text(type, new String(b, off, len, StandardCharsets.UTF_8));
                case UINT32 -> new StunAttribute.Uint32(type, Bytes.getInt(b, off) & 0xFFFF_FFFFL);
                case UINT64 -> new StunAttribute.Uint64(type, Bytes.getLong(b, off));
                case FLAG -> new StunAttribute.Flag(type);
                case ERROR_CODE -> new StunAttribute.ErrorCode((b[off + 2] & 0x07) * 100 + (b[off + 3] & 0xFF),
                        new String(b, off + 4, len - 4, StandardCharsets.UTF_8));
                case UNKNOWN_ATTRIBUTES -> {
                    List<StunAttributeType> types = new ArrayList<>(len / 2);
                    for (int i = 0; i < len; i += 2) {
                        types.add(StunAttributeType.of(Bytes.getU16(b, off + i)));
                    }
                    yield new StunAttribute.UnknownAttributes(types);
                }
                case CHANNEL_NUMBER -> new StunAttribute.ChannelNumber(Bytes.getU16(b, off));
                case REQUESTED_TRANSPORT -> new StunAttribute.RequestedTransport(b[off] & 0xFF);
                case ADDRESS_FAMILY -> new StunAttribute.AddressFamily(type, b[off] & 0xFF);
                case EVEN_PORT -> new StunAttribute.EvenPort((b[off] & 0x80) != 0);
                case PASSWORD_ALGORITHM -> {
                    List<PasswordAlgorithm> one = new ArrayList<>(1);
                    walkAlgorithms(type, b, off, len, one);
                    yield new StunAttribute.PasswordAlgorithmChoice(one.get(0));
                }
                case PASSWORD_ALGORITHMS -> {
                    List<PasswordAlgorithm> all = new ArrayList<>();
                    walkAlgorithms(type, b, off, len, all);
                    yield new StunAttribute.PasswordAlgorithms(all);
                }
                case ADDRESS_ERROR_CODE -> new StunAttribute.AddressErrorCode(b[off] & 0xFF,
                        (b[off + 2] & 0x07) * 100 + (b[off + 3] & 0xFF),
                        new String(b, off + 4, len - 4, StandardCharsets.UTF_8));
                case ICMP -> new StunAttribute.Icmp(b[off + 2] & 0xFF, b[off + 3] & 0xFF, Bytes.getInt(b, off + 4));
                case OPAQUE -> new StunAttribute.Opaque(type, Arrays.copyOfRange(b, off, off + len));
            };
        } catch (StunException e) {
            throw new IllegalStateException("attribute was not validated before decoding: " + e.getMessage(), e);
        }
    }

    /** Reads an address value; XOR'd with the cookie and transaction id when {@code msg} is not null. */
    static InetSocketAddress readAddress(byte[] b, int off, int len, byte[] msg, int msgOff) {
        int port = Bytes.getU16(b, off + 2);
        byte[] ip = Arrays.copyOfRange(b, off + 4, off + len);
        if (msg != null) {
            port ^= 0x2112;
            for (int i = 0; i < ip.length; i++) {
                ip[i] ^= msg[msgOff + 4 + i];
            }
        }
        try {
            return new InetSocketAddress(InetAddress.getByAddress(ip), port);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("validated address of " + ip.length + " bytes", e);
        }
    }

    /** The encoded length of a value, before padding. */
    static int valueLength(StunAttribute a) {
        if (a instanceof StunAttribute.Address addr) {
            return addr.address().getAddress() instanceof Inet4Address ? 8 : 20;
        } else if (a instanceof StunAttribute.Text t) {
            return t.value().getBytes(StandardCharsets.UTF_8).length;
        } else if (a instanceof StunAttribute.Uint32) {
            return 4;
        } else if (a instanceof StunAttribute.Uint64) {
            return 8;
        } else if (a instanceof StunAttribute.Flag) {
            return 0;
        } else if (a instanceof StunAttribute.ErrorCode e) {
            return 4 + e.reason().getBytes(StandardCharsets.UTF_8).length;
        } else if (a instanceof StunAttribute.UnknownAttributes u) {
            return 2 * u.types().size();
        } else if (a instanceof StunAttribute.ChannelNumber
                || a instanceof StunAttribute.RequestedTransport
                || a instanceof StunAttribute.AddressFamily) {
            return 4;
        } else if (a instanceof StunAttribute.EvenPort) {
            return 1;
        } else if (a instanceof StunAttribute.PasswordAlgorithmChoice p) {
            return algorithmsLength(List.of(p.algorithm()));
        } else if (a instanceof StunAttribute.PasswordAlgorithms p) {
            return algorithmsLength(p.algorithms());
        } else if (a instanceof StunAttribute.AddressErrorCode e) {
            return 4 + e.reason().getBytes(StandardCharsets.UTF_8).length;
        } else if (a instanceof StunAttribute.Icmp) {
            return 8;
        } else if (a instanceof StunAttribute.Opaque o) {
            return o.value().length;
        }
        throw new AssertionError(a);
    }

    private static int algorithmsLength(List<PasswordAlgorithm> algorithms) {
        int n = 0;
        for (PasswordAlgorithm p : algorithms) {
            n += 4 + Bytes.pad4(p.parameters().length);
        }
        return n;
    }

    /**
     * Writes a value at {@code off}; the message header (cookie and transaction id) must already be
     * at {@code msgOff} for XOR'd addresses. Padding is written by the caller.
     */
    static void writeValue(StunAttribute a, byte[] out, int off, int msgOff) {
        if (a instanceof StunAttribute.Address addr) {
            writeAddress(addr.address(), addr.type().kind() == StunAttributeType.Kind.XOR_ADDRESS, out, off, msgOff);
        } else if (a instanceof StunAttribute.Text t) {
            byte[] v = t.value().getBytes(StandardCharsets.UTF_8);
            System.arraycopy(v, 0, out, off, v.length);
        } else if (a instanceof StunAttribute.Uint32 u) {
            Bytes.putInt(out, off, (int) u.value());
        } else if (a instanceof StunAttribute.Uint64 u) {
            Bytes.putLong(out, off, u.value());
        } else if (a instanceof StunAttribute.ErrorCode e) {
            writeErrorCode(out, off, 0, e.code(), e.reason());
        } else if (a instanceof StunAttribute.UnknownAttributes u) {
            int p = off;
            for (StunAttributeType t : u.types()) {
                Bytes.putU16(out, p, t.code());
                p += 2;
            }
        } else if (a instanceof StunAttribute.ChannelNumber c) {
            Bytes.putInt(out, off, c.channel() << 16);
        } else if (a instanceof StunAttribute.RequestedTransport r) {
            Bytes.putInt(out, off, r.protocol() << 24);
        } else if (a instanceof StunAttribute.AddressFamily f) {
            Bytes.putInt(out, off, f.family() << 24);
        } else if (a instanceof StunAttribute.EvenPort e) {
            out[off] = (byte) (e.reserveNext() ? 0x80 : 0);
        } else if (a instanceof StunAttribute.PasswordAlgorithmChoice p) {
            writeAlgorithms(List.of(p.algorithm()), out, off);
        } else if (a instanceof StunAttribute.PasswordAlgorithms p) {
            writeAlgorithms(p.algorithms(), out, off);
        } else if (a instanceof StunAttribute.AddressErrorCode e) {
            writeErrorCode(out, off, e.family(), e.code(), e.reason());
        } else if (a instanceof StunAttribute.Icmp i) {
            Bytes.putInt(out, off, (i.icmpType() & 0xFF) << 8 | (i.icmpCode() & 0xFF));
            Bytes.putInt(out, off + 4, i.errorData());
        } else if (a instanceof StunAttribute.Opaque o) {
            byte[] v = o.value();
            System.arraycopy(v, 0, out, off, v.length);
        } else if (!(a instanceof StunAttribute.Flag)) {
            throw new AssertionError(a);
        }
    }

    static void writeAddress(InetSocketAddress address, boolean xor, byte[] out, int off, int msgOff) {
        byte[] ip = address.getAddress().getAddress();
        out[off] = 0;
        out[off + 1] = (byte) (ip.length == 4 ? FAMILY_IPV4 : FAMILY_IPV6);
        Bytes.putU16(out, off + 2, xor ? address.getPort() ^ 0x2112 : address.getPort());
        for (int i = 0; i < ip.length; i++) {
            out[off + 4 + i] = xor ? (byte) (ip[i] ^ out[msgOff + 4 + i]) : ip[i];
        }
    }

    private static void writeErrorCode(byte[] out, int off, int family, int code, String reason) {
        out[off] = (byte) family;
        out[off + 1] = 0;
        out[off + 2] = (byte) (code / 100);
        out[off + 3] = (byte) (code % 100);
        byte[] r = reason.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(r, 0, out, off + 4, r.length);
    }

    private static void writeAlgorithms(List<PasswordAlgorithm> algorithms, byte[] out, int off) {
        int p = off;
        for (PasswordAlgorithm alg : algorithms) {
            byte[] params = alg.parameters();
            Bytes.putU16(out, p, alg.code());
            Bytes.putU16(out, p + 2, params.length);
            System.arraycopy(params, 0, out, p + 4, params.length);
            Arrays.fill(out, p + 4 + params.length, p + 4 + Bytes.pad4(params.length), (byte) 0);
            p += 4 + Bytes.pad4(params.length);
        }
    }

    /** Whether an address is IPv6 (for callers that must pick a family). */
    static boolean isIpv6(InetSocketAddress address) {
        return address.getAddress() instanceof Inet6Address;
    }
}
