package org.rtc4j.sdp;

import java.util.ArrayList;
import java.util.List;

/**
 * Calls every typed getter of a description, collecting the {@link SdpParseException}s: a getter may
 * refuse a broken attribute value, but must never throw anything else. A value read successfully is
 * written back through its {@code toLine()} and read again, which must give the same value.
 */
final class TypedReader {
    private TypedReader() {
    }

    /** The exceptions the getters threw; empty for a description whose attributes are all well formed. */
    static List<SdpParseException> readAll(SessionDescription d) {
        List<SdpParseException> errors = new ArrayList<>();
        read(errors, () -> again(d.origin(), Origin.parse(d.origin().toLine())));
        get(errors, d::sessionName);
        read(errors, () -> again(d.timing(), Timing.parse(d.timing().toLine())));
        read(errors, () -> d.groups().forEach(g -> again(g, Group.parse(g.toLine()))));
        read(errors, () -> d.groups().forEach(g -> g.mids().forEach(d::bundleGroup)));
        get(errors, d::iceLite);
        read(errors, () -> d.msidSemantics().forEach(m -> again(m, MsidSemantic.parse(m.toLine()))));
        readSection(errors, d);
        for (MediaDescription m : d.media()) {
            readSection(errors, m);
            read(errors, () -> m.mid().ifPresent(d::media));
            check(m.port() >= 0 && m.port() <= 65535 && !m.formats().isEmpty() && !m.proto().isEmpty());
            check(m.mediaLine().type() == 'm' && m.lines().get(0) == m.mediaLine());
            m.isRtp();
            m.isDataChannel();
            m.portCount();
            get(errors, m::mid);
            get(errors, m::rtcpMux);
            get(errors, m::rtcpRsize);
            read(errors, () -> m.rtpMaps().forEach(r -> again(r, RtpMap.parse(r.toLine()))));
            read(errors, () -> m.rtpMaps().forEach(r -> again(m.rtpMaps().stream()
                    .filter(x -> x.payloadType() == r.payloadType()).findFirst().orElseThrow(),
                    m.rtpMap(r.payloadType()).orElseThrow()))); // the first of a payload type
            read(errors, () -> m.fmtps().forEach(f -> {
                again(f, Fmtp.parse(f.toLine()));
                f.parameterMap();
                m.fmtp(f.format());
            }));
            read(errors, () -> m.rtcpFeedbacks().forEach(f -> {
                again(f, RtcpFeedback.parse(f.toLine()));
                m.rtcpFeedbacks(f.format());
            }));
            read(errors, () -> m.ssrcs().forEach(s -> again(s, SsrcAttribute.parse(s.toLine()))));
            read(errors, () -> m.ssrcGroups().forEach(s -> again(s, SsrcGroup.parse(s.toLine()))));
            read(errors, () -> m.msids().forEach(s -> again(s, Msid.parse(s.toLine()))));
            read(errors, () -> m.rids().forEach(r -> again(r, Rid.parse(r.toLine()))));
            read(errors, () -> m.simulcast().ifPresent(s -> again(s, Simulcast.parse(s.toLine()))));
            get(errors, m::sctpPort);
            get(errors, m::maxMessageSize);
        }
        return errors;
    }

    private static void readSection(List<SdpParseException> errors, SdpSection s) {
        read(errors, () -> s.connection().ifPresent(c -> again(c, Connection.parse(c.toLine()))));
        read(errors, () -> s.bandwidths().forEach(b -> again(b, Bandwidth.parse(b.toLine()))));
        get(errors, s::iceUfrag);
        get(errors, s::icePwd);
        read(errors, () -> s.iceOptions().forEach(s::hasIceOption));
        read(errors, () -> s.fingerprints().forEach(f -> {
            again(f, Fingerprint.parse(f.toLine()));
            check(f.matches(f.hashFunction(), f.bytes()));
        }));
        read(errors, () -> s.setup().ifPresent(x -> again(x, Setup.parse(x.toLine()))));
        get(errors, s::direction);
        read(errors, () -> s.extMaps().forEach(e -> again(e, ExtMap.parse(e.toLine()))));
        get(errors, s::extmapAllowMixed);
        get(errors, s::candidates);
        get(errors, s::endOfCandidates);
        for (SdpLine l : s.lines()) {
            l.attributeName();
            l.attributeValue();
        }
    }

    private static void again(Object first, Object second) {
        if (!first.equals(second)) {
            throw new AssertionError("written back and read again, " + first + " became " + second);
        }
    }

    private static void check(boolean condition) {
        if (!condition) {
            throw new AssertionError("inconsistent getters");
        }
    }

    private static void read(List<SdpParseException> errors, Runnable getter) {
        try {
            getter.run();
        } catch (SdpParseException e) {
            if (e.getMessage() == null || e.getMessage().isEmpty()) {
                throw new AssertionError("an SdpParseException without a message", e);
            }
            errors.add(e);
        }
    }

    private static void get(List<SdpParseException> errors, java.util.function.Supplier<?> getter) {
        read(errors, (Runnable) getter::get);
    }
}
