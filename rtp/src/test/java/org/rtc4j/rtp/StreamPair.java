package org.rtc4j.rtp;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A {@link SendStream} and a {@link ReceiveStream} joined by a {@link SimulatedLink}, run on
 * simulated time: a 30 fps video source (a keyframe first and on request, delta frames of a few
 * KiB), RTP and RTCP both ways, every timer honoured. Records what was sent and what came out.
 */
final class StreamPair {
    static final long MEDIA_SSRC = 0x1111, RTX_SSRC = 0x2222, RECEIVER_SSRC = 0x3333;
    static final long START = 1_700_000_000_000_000_000L;

    final SendStream sender;
    final ReceiveStream receiver;
    final SimulatedLink link;
    final SplittableRandom random;
    final Map<Long, byte[]> sentFrames = new HashMap<>();
    final Map<Long, Long> sentAt = new HashMap<>();
    final List<EncodedFrame> received = new ArrayList<>();
    final List<Long> latencies = new ArrayList<>();
    long now = START;
    long nextFrame = START;
    long frameIndex;
    boolean keyframeRequested = true;
    long keyframesSent;
    final byte[] out = new byte[2000];

    StreamPair(long seed, SimulatedLink.Conditions conditions, ReceiveStream.Config receiverConfig) {
        this.link = new SimulatedLink(seed, conditions);
        this.random = new SplittableRandom(seed * 7 + 1);
        this.sender = new SendStream(SendStream.Config.video(MEDIA_SSRC, 96, RTX_SSRC, 97, new Vp8Packetizer()), 1000);
        this.receiver = new ReceiveStream(receiverConfig);
    }

    static Instant at(long nanos) {
        return Instant.ofEpochSecond(0, nanos);
    }

    /** Runs until {@code end}, sending frames only before {@code stopSending}. */
    void run(long end, long stopSending) {
        while (now < end) {
            long next = end;
            if (nextFrame < stopSending) {
                next = Math.min(next, nextFrame);
            }
            next = Math.min(next, link.nextDelivery());
            next = Math.min(next, Ntp.nanos(sender.pollTimeout().orElse(at(end))));
            next = Math.min(next, Ntp.nanos(receiver.pollTimeout().orElse(at(end))));
            now = Math.max(now, next);
            Instant t = at(now);
            if (nextFrame <= now && nextFrame < stopSending) {
                sendFrame(t);
                nextFrame += 1_000_000_000L / 30;
            }
            SimulatedLink.Packet p;
            while ((p = link.poll(now)) != null) {
                boolean rtcp = p.data().length > 1 && (p.data()[1] & 0xFF) >= 192 && (p.data()[1] & 0xFF) <= 223;
                if (p.toB()) {
                    if (rtcp) {
                        receiver.handleRtcp(t, p.data(), 0, p.data().length);
                    } else {
                        receiver.handleRtp(t, p.data(), 0, p.data().length);
                    }
                } else {
                    sender.handleRtcp(t, p.data(), 0, p.data().length);
                }
            }
            sender.handleTimeout(t);
            receiver.handleTimeout(t);
            drain(t);
        }
    }

    private void sendFrame(Instant t) {
        boolean key = keyframeRequested;
        keyframeRequested = false;
        int size = key ? 20_000 + random.nextInt(10_000) : 2_000 + random.nextInt(6_000);
        byte[] frame = new byte[size];
        random.nextBytes(frame);
        frame[0] = (byte) (key ? frame[0] & ~1 : frame[0] | 1);
        long ts = (0xFFFF0000L + frameIndex++ * 3000) & 0xFFFFFFFFL; // wraps early on
        sentFrames.put(ts, frame);
        sentAt.put(ts, now);
        if (key) {
            keyframesSent++;
        }
        sender.sendFrame(t, frame, 0, frame.length, ts);
    }

    private void drain(Instant t) {
        int n;
        while ((n = sender.pollRtp(out, 0)) >= 0) {
            link.send(now, true, out, 0, n);
        }
        sender.pollRtcp().ifPresent(b -> link.send(now, true, b, 0, b.length));
        byte[] b;
        while ((b = receiver.pollRtcp().orElse(null)) != null) {
            link.send(now, false, b, 0, b.length);
        }
        SendStream.Event e;
        while ((e = sender.pollEvent().orElse(null)) != null) {
            if (e instanceof SendStream.KeyframeRequested) {
                keyframeRequested = true;
            }
        }
        EncodedFrame f;
        while ((f = receiver.pollFrame().orElse(null)) != null) {
            received.add(f);
            latencies.add(now - sentAt.get(f.rtpTimestamp()));
        }
    }
}
