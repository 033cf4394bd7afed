// Captures plaintext RTP and RTCP that Chromium sends from its fake camera and microphone
// (getUserMedia with --use-fake-device-for-media-stream), as received by libdatachannel
// (node-datachannel), which hands a track's packets to onMessage after SRTP.
//
// libdatachannel offers sendrecv audio (Opus) and video (H.264 packetization-mode 1, with RTX,
// transport-cc, NACK, PLI); Chromium, driven through chromedriver's plain HTTP API (no Selenium),
// answers and sends its camera and microphone. libdatachannel echoes Chromium's packets back to it
// under its own SSRCs, skipping every tenth video sequence number, so that Chromium also sends
// receiver reports, NACKs, PLIs and transport-wide feedback about H.264 and Opus; and it NACKs two of
// Chromium's video packets so that Chromium retransmits them over RTX.
// Output: one JSON line per packet on stdout (the SDPs and Chromium's codecs first).
//
//   node capture-chromium.js [seconds] [video codec, default H264]
const { spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const net = require('net');
const ndc = require('node-datachannel');

const seconds = Number(process.argv[2] || 6);
const videoCodec = process.argv[3] || 'H264';
const TWCC = 'http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01';
const VIDEO_SSRC = 0x11223344, AUDIO_SSRC = 0x55667788;
const out = (o) => process.stdout.write(JSON.stringify(o) + '\n');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
  });
}

async function webdriver(port, method, url, body) {
  const r = await fetch(`http://127.0.0.1:${port}${url}`, {
    method, headers: { 'Content-Type': 'application/json' }, body: body && JSON.stringify(body),
  });
  const j = await r.json();
  if (j.value && j.value.error) throw new Error(`${url}: ${j.value.error}: ${j.value.message}`);
  return j.value;
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rtc4j-capture-'));
  const page = path.join(dir, 'page.html');
  fs.writeFileSync(page, '<!doctype html><title>capture</title>');
  const port = await freePort();
  const driver = spawn('/usr/bin/chromedriver', [`--port=${port}`], { stdio: ['ignore', 'ignore', 'inherit'] });
  let session;
  const cleanup = async () => {
    try { if (session) await webdriver(port, 'DELETE', `/session/${session}`); } catch (e) {}
    driver.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (let i = 0; ; i++) {
      try { await webdriver(port, 'GET', '/status'); break; } catch (e) { if (i > 50) throw e; await sleep(100); }
    }
    const started = await webdriver(port, 'POST', '/session', { capabilities: { alwaysMatch: { 'goog:chromeOptions': {
      binary: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--use-fake-ui-for-media-stream',
        '--use-fake-device-for-media-stream', '--disable-background-networking', '--no-first-run',
        '--disable-features=WebRtcHideLocalIpsWithMdns', `--user-data-dir=${path.join(dir, 'profile')}`],
    } } } });
    session = started.sessionId;
    const js = (script, ...args) => webdriver(port, 'POST', `/session/${session}/execute/async`, { script, args });
    await webdriver(port, 'POST', `/session/${session}/url`, { url: 'file://' + page });
    out({ browser: started.capabilities.browserVersion, userAgent: await js('arguments[0](navigator.userAgent)') });
    out({ codecs: await js(`arguments[0]({
      video: RTCRtpSender.getCapabilities('video').codecs.map((c) => c.mimeType + ' ' + (c.sdpFmtpLine || '')),
      audio: RTCRtpSender.getCapabilities('audio').codecs.map((c) => c.mimeType + ' ' + (c.sdpFmtpLine || '')) })`) });

    // libdatachannel: the offer
    const pc = new ndc.PeerConnection('capture', { iceServers: [] });
    const audio = new ndc.Audio('0', 'SendRecv');
    audio.addOpusCodec(111);
    audio.addSSRC(AUDIO_SSRC, 'rtc4j-capture', 'stream', 'audio');
    audio.parseSdpLine('a=extmap:1 urn:ietf:params:rtp-hdrext:sdes:mid');
    audio.parseSdpLine('a=extmap:3 ' + TWCC);
    audio.parseSdpLine('a=extmap:6 urn:ietf:params:rtp-hdrext:ssrc-audio-level');
    audio.parseSdpLine('a=rtcp-fb:111 transport-cc');
    const video = new ndc.Video('1', 'SendRecv');
    if (videoCodec === 'H264') video.addH264Codec(96); // profile-level-id=42e01f;packetization-mode=1
    else if (videoCodec === 'VP9') video.addVP9Codec(96);
    else if (videoCodec === 'AV1') video.addAV1Codec(96);
    else throw new Error('video codec ' + videoCodec);
    video.addRTXCodec(97, 96, 90000);
    video.addSSRC(VIDEO_SSRC, 'rtc4j-capture', 'stream', 'video');
    video.parseSdpLine('a=extmap:1 urn:ietf:params:rtp-hdrext:sdes:mid');
    video.parseSdpLine('a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time');
    video.parseSdpLine('a=extmap:3 ' + TWCC);
    video.parseSdpLine('a=extmap:4 urn:3gpp:video-orientation');
    video.parseSdpLine('a=extmap:5 http://www.webrtc.org/experiments/rtp-hdrext/playout-delay');
    video.parseSdpLine('a=rtcp-fb:96 transport-cc');
    const atrack = pc.addTrack(audio);
    const vtrack = pc.addTrack(video);

    let nacked = 0;
    for (const [name, t, ssrc] of [['audio', atrack, AUDIO_SSRC], ['video', vtrack, VIDEO_SSRC]]) {
      t.onMessage((msg) => {
        const b = Buffer.from(msg);
        const rtcp = b[1] >= 192 && b[1] <= 223;
        out({ track: name, kind: rtcp ? 'rtcp' : 'rtp', hex: b.toString('hex') });
        if (rtcp || !t.isOpen()) return;
        const pt = b[1] & 0x7f, seq = b.readUInt16BE(2);
        if (pt === 97) return; // Chromium's RTX: not echoed
        // echo under our SSRC; lose every tenth video packet, so that Chromium NACKs and PLIs
        if (name === 'video' && seq % 10 === 0) return;
        const echo = Buffer.from(b);
        echo.writeUInt32BE(ssrc, 8);
        t.sendMessageBinary(echo);
        // ask Chromium twice to retransmit a video packet it sent (RFC 4585 generic NACK): RTX
        if (name === 'video' && nacked < 2 && seq % 50 === 7) {
          nacked++;
          const nack = Buffer.alloc(16);
          nack.writeUInt8(0x81, 0); nack.writeUInt8(205, 1); nack.writeUInt16BE(3, 2);
          nack.writeUInt32BE(VIDEO_SSRC, 4); nack.writeUInt32BE(b.readUInt32BE(8), 8);
          nack.writeUInt16BE(seq, 12); nack.writeUInt16BE(0, 14);
          t.sendMessageBinary(nack);
        }
      });
    }
    const offer = await new Promise((resolve) => {
      pc.onGatheringStateChange((s) => { if (s === 'complete') resolve(pc.localDescription().sdp); });
      pc.setLocalDescription();
    });
    out({ offer });

    // Chromium: the answer, with its fake camera and microphone on the offered transceivers
    const answer = await js(`const done = arguments[arguments.length - 1];
      (async () => {
        const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 320, height: 240, frameRate: 30 } });
        const pc = window.pc = new RTCPeerConnection({ iceServers: [] });
        await pc.setRemoteDescription({ type: 'offer', sdp: arguments[0] });
        for (const t of pc.getTransceivers()) {
          const track = stream.getTracks().find((x) => x.kind === t.receiver.track.kind);
          t.direction = 'sendrecv';
          await t.sender.replaceTrack(track);
          t.sender.setStreams(stream);
          if (track.kind === 'video') {
            const want = RTCRtpReceiver.getCapabilities('video').codecs
              .filter((c) => c.mimeType === 'video/' + arguments[1] || c.mimeType === 'video/rtx');
            t.setCodecPreferences(want);
          }
        }
        await pc.setLocalDescription(await pc.createAnswer());
        while (pc.iceGatheringState !== 'complete') await new Promise((r) => setTimeout(r, 50));
        return pc.localDescription.sdp;
      })().then(done, (e) => done('ERROR ' + e));`, offer, videoCodec);
    out({ answer });
    if (answer.startsWith('ERROR')) throw new Error(answer);
    pc.setRemoteDescription(answer, 'answer');

    await sleep(seconds * 1000);
    out({ stats: await js(`const done = arguments[0];
      window.pc.getStats().then((r) => { const o = []; r.forEach((s) => {
        if (s.type === 'outbound-rtp' || s.type === 'inbound-rtp' || s.type === 'codec')
          o.push([s.type, s.kind, s.ssrc, s.mimeType, s.packetsSent, s.packetsReceived, s.retransmittedPacketsSent,
                  s.nackCount, s.pliCount, s.encoderImplementation, s.frameWidth, s.frameHeight].join(' ')); }); done(o); });`) });
    out({ done: true });
    try { pc.close(); } catch (e) {}
  } finally {
    await cleanup();
  }
  setTimeout(() => { ndc.cleanup(); process.exit(0); }, 500);
}

main().catch((e) => { out({ error: String(e && e.stack || e) }); process.exit(1); });
