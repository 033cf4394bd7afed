// Captures plaintext RTP and RTCP that libwebrtc (@roamhq/wrtc) sends, as received by libdatachannel
// (node-datachannel), which hands a track's packets to onMessage after SRTP. libdatachannel offers
// sendrecv VP8 video (with RTX, transport-cc, NACK, PLI) and Opus audio; libwebrtc answers and sends
// its own video (RTCVideoSource, libvpx) and audio (RTCAudioSource, libopus) back. We also send
// libwebrtc a few hand-made VP8 packets with a gap, so that it answers with RR, NACK, PLI and
// transport-wide feedback. Output: one JSON line per packet on stdout.
const ndc = require('node-datachannel');
const { RTCPeerConnection, nonstandard: { RTCVideoSource, RTCAudioSource } } = require('@roamhq/wrtc');

const TWCC = 'http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01';
const out = (o) => process.stdout.write(JSON.stringify(o) + '\n');
const seconds = Number(process.argv[2] || 6);

const offerer = new ndc.PeerConnection('capture', { iceServers: [] });
const video = new ndc.Video('0', 'SendRecv');
video.addVP8Codec(96);
video.addRTXCodec(97, 96, 90000);
video.addSSRC(0x11223344, 'rtc4j-capture', 'stream', 'video');
video.parseSdpLine('a=extmap:1 urn:ietf:params:rtp-hdrext:sdes:mid');
video.parseSdpLine('a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time');
video.parseSdpLine('a=extmap:3 ' + TWCC);
video.parseSdpLine('a=extmap:4 urn:3gpp:video-orientation');
video.parseSdpLine('a=extmap:5 http://www.webrtc.org/experiments/rtp-hdrext/playout-delay');
video.parseSdpLine('a=rtcp-fb:96 transport-cc');
const audio = new ndc.Audio('1', 'SendRecv');
audio.addOpusCodec(111);
audio.addSSRC(0x55667788, 'rtc4j-capture', 'stream', 'audio');
audio.parseSdpLine('a=extmap:1 urn:ietf:params:rtp-hdrext:sdes:mid');
audio.parseSdpLine('a=extmap:3 ' + TWCC);
audio.parseSdpLine('a=extmap:6 urn:ietf:params:rtp-hdrext:ssrc-audio-level');
audio.parseSdpLine('a=rtcp-fb:111 transport-cc');
const vtrack = offerer.addTrack(video);
const atrack = offerer.addTrack(audio);
for (const [name, t] of [['video', vtrack], ['audio', atrack]]) {
  t.onMessage((msg) => {
    const b = Buffer.from(msg);
    const pt = b[1];
    out({ track: name, kind: pt >= 192 && pt <= 223 ? 'rtcp' : 'rtp', hex: b.toString('hex') });
  });
}

const answerer = new RTCPeerConnection({ iceServers: [] });
const vsource = new RTCVideoSource();
const asource = new RTCAudioSource();
const vlocal = vsource.createTrack();
const alocal = asource.createTrack();
answerer.ontrack = (e) => {
  e.transceiver.direction = 'sendrecv';
  e.transceiver.sender.replaceTrack(e.track.kind === 'video' ? vlocal : alocal);
};
answerer.onicecandidate = (e) => {
  if (e.candidate && e.candidate.candidate) offerer.addRemoteCandidate(e.candidate.candidate, e.candidate.sdpMid);
};
offerer.onLocalCandidate((candidate, mid) => {
  answerer.addIceCandidate({ candidate, sdpMid: mid }).catch((err) => out({ error: String(err) }));
});
let answered = false;
offerer.onLocalDescription(async (sdp, type) => {
  if (type !== 'offer' || answered) return;
  answered = true;
  out({ offer: sdp });
  await answerer.setRemoteDescription({ type: 'offer', sdp });
  for (const t of answerer.getTransceivers()) {
    t.direction = 'sendrecv';
    await t.sender.replaceTrack(t.receiver.track.kind === 'video' ? vlocal : alocal);
  }
  const answer = await answerer.createAnswer();
  await answerer.setLocalDescription(answer);
  out({ answer: answer.sdp });
  offerer.setRemoteDescription(answer.sdp, 'answer');
});
offerer.setLocalDescription();

// media from libwebrtc: a moving gradient at 320x240, 30 fps, and a 440 Hz tone
const w = 320, h = 240;
let frame = 0;
const vtimer = setInterval(() => {
  const data = new Uint8ClampedArray(w * h * 1.5);
  for (let i = 0; i < w * h; i++) data[i] = (i + frame * 3) & 0xff;
  data.fill(128, w * h);
  vsource.onFrame({ width: w, height: h, data });
  frame++;
}, 33);
let t = 0;
const atimer = setInterval(() => {
  const samples = new Int16Array(480);
  for (let i = 0; i < 480; i++, t++) samples[i] = Math.round(8000 * Math.sin(2 * Math.PI * 440 * t / 48000));
  asource.onData({ samples, sampleRate: 48000, bitsPerSample: 16, channelCount: 1, numberOfFrames: 480 });
}, 10);

// media to libwebrtc: hand-made VP8 packets (mid and transport-cc extensions) with a gap every 10th
let seq = 1000, ts = 0, twcc = 0, sent = 0;
const mtimer = setInterval(() => {
  if (!vtrack.isOpen()) return;
  ts += 3000;
  for (let k = 0; k < 2; k++) {
    seq = (seq + 1) & 0xffff;
    if (seq % 10 === 0) continue; // lost on purpose: libwebrtc NACKs it
    const header = Buffer.from([0x90, k === 1 ? 0xe0 : 0x60, seq >> 8, seq & 0xff,
      (ts >>> 24) & 0xff, (ts >>> 16) & 0xff, (ts >>> 8) & 0xff, ts & 0xff, 0x11, 0x22, 0x33, 0x44,
      0xbe, 0xde, 0x00, 0x02, 0x10, 0x30, 0x31, twcc >> 8, twcc & 0xff, 0x00, 0x00, 0x00]);
    twcc = (twcc + 1) & 0xffff;
    const payload = Buffer.alloc(300, 0x5a);
    payload[0] = k === 0 ? 0x10 : 0x00; // VP8 descriptor: S on the first packet
    payload[1] = 0x9d; // a delta-frame-looking byte that libvpx cannot decode: PLI
    vtrack.sendMessageBinary(Buffer.concat([header, payload]));
    sent++;
  }
}, 33);

setTimeout(() => {
  clearInterval(vtimer); clearInterval(atimer); clearInterval(mtimer);
  out({ done: true, sent });
  try { answerer.close(); } catch (e) {}
  try { offerer.close(); } catch (e) {}
  setTimeout(() => { ndc.cleanup(); process.exit(0); }, 500);
}, seconds * 1000);
