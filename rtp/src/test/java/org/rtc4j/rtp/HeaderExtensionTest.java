package org.rtc4j.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class HeaderExtensionTest {
    @Test
    void mapFromChromeExtmapLines() {
        HeaderExtensionMap map = HeaderExtensionMap.fromExtmap(List.of(
                "a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level",
                "a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time",
                "a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01",
                "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid",
                "extmap:10/sendonly urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id",
                "a=extmap:11 urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id",
                "a=extmap:13 urn:3gpp:video-orientation",
                "a=extmap:12 http://www.webrtc.org/experiments/rtp-hdrext/playout-delay",
                "a=extmap:7 http://www.webrtc.org/experiments/rtp-hdrext/abs-capture-time",
                "a=extmap:20 http://example.com/unknown something"));
        assertThat(map.id(HeaderExtension.TRANSPORT_WIDE_CC)).isEqualTo(3);
        assertThat(map.id(HeaderExtension.RTP_STREAM_ID)).isEqualTo(10);
        assertThat(map.extension(13)).isEqualTo(HeaderExtension.VIDEO_ORIENTATION);
        assertThat(map.extension(20)).isNull();
        assertThat(map.uri(20)).isEqualTo("http://example.com/unknown");
        assertThat(map.id("http://example.com/unknown")).isEqualTo(20);
        assertThat(map.fitsOneByteForm()).isFalse();
        assertThatThrownBy(() -> HeaderExtensionMap.fromExtmap(List.of("a=extmap:0 x"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HeaderExtensionMap.fromExtmap(List.of("a=extmap:256 x"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HeaderExtensionMap.fromExtmap(List.of("a=extmap:1 x", "a=extmap:1 y")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void typedValues() {
        byte[] b = new byte[16];
        // abs-send-time: 1.5 s is 0x06_0000 in 6.18 fixed point (1.5 * 2^18)
        int ast = HeaderExtension.absSendTime(1_500_000_000L);
        assertThat(ast).isEqualTo(0x060000);
        assertThat(HeaderExtension.absSendTimeNanos(ast)).isEqualTo(1_500_000_000L);
        assertThat(HeaderExtension.absSendTime(65_500_000_000L)).isEqualTo(HeaderExtension.absSendTime(1_500_000_000L));
        HeaderExtension.writeAbsSendTime(b, 0, ast);
        assertThat(HeaderExtension.readAbsSendTime(b, 0)).isEqualTo(ast);
        // RFC 6464: V=1, level 42 -> 0xAA
        HeaderExtension.writeAudioLevel(b, 0, true, 42);
        assertThat(b[0]).isEqualTo((byte) 0xAA);
        assertThat(HeaderExtension.readVoiceActivity(b, 0)).isTrue();
        assertThat(HeaderExtension.readAudioLevel(b, 0)).isEqualTo(42);
        HeaderExtension.writeVideoOrientation(b, 0, true, false, 270);
        assertThat(b[0]).isEqualTo((byte) 0x0B);
        assertThat(HeaderExtension.readRotation(b, 0)).isEqualTo(270);
        assertThat(HeaderExtension.readBackCamera(b, 0)).isTrue();
        assertThat(HeaderExtension.readFlip(b, 0)).isFalse();
        HeaderExtension.writePlayoutDelay(b, 0, 100, 1000);
        assertThat(Hex.hex(b, 0, 3)).isEqualTo("00a064");
        assertThat(HeaderExtension.readMinPlayoutDelayMillis(b, 0)).isEqualTo(100);
        assertThat(HeaderExtension.readMaxPlayoutDelayMillis(b, 0)).isEqualTo(1000);
        HeaderExtension.writeTransportSequence(b, 0, 0xfffe);
        assertThat(HeaderExtension.readTransportSequence(b, 0)).isEqualTo(0xfffe);
        HeaderExtension.writeAbsCaptureTime(b, 0, 0x0102030405060708L);
        Bytes.put64(b, 8, -5L);
        assertThat(HeaderExtension.readAbsCaptureTime(b, 0)).isEqualTo(0x0102030405060708L);
        assertThat(HeaderExtension.readCaptureClockOffset(b, 0, 16)).isEqualTo(-5L);
        assertThatThrownBy(() -> HeaderExtension.writeAudioLevel(b, 0, false, 128)).isInstanceOf(IllegalArgumentException.class);
    }
}
