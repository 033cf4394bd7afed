// Picks the test packets out of capture-chromium.js's output into chromium/NN-<kind>.hex:
//   node pick-chromium.js cap.jsonl chromium
// RTCP compounds that libdatachannel handed to both tracks are counted once.
const fs = require('fs');
const path = require('path');
const [input, dir] = process.argv.slice(2);
const lines = fs.readFileSync(input, 'utf8').trim().split('\n').map(JSON.parse);
const browser = lines.find((o) => o.browser).browser;
const ORIGIN = `# Chromium ${browser} (Debian 12, headless, fake camera and microphone, `
  + 'H.264 by OpenH264) to libdatachannel (node-datachannel 0.33.4), decrypted by libdatachannel';

const rtp = [], rtcp = [], seen = new Set();
for (const o of lines) {
  if (!o.hex) continue;
  const b = Buffer.from(o.hex, 'hex');
  if (o.kind === 'rtp') rtp.push(parseRtp(b));
  else if (!seen.has(o.hex)) { seen.add(o.hex); rtcp.push({ b, parts: parseRtcp(b) }); }
}

function parseRtp(b) {
  let off = 12 + 4 * (b[0] & 15);
  if (b[0] & 16) off += 4 + 4 * b.readUInt16BE(off + 2);
  const pad = b[0] & 32 ? b[b.length - 1] : 0;
  return { b, pt: b[1] & 127, marker: b[1] >> 7, seq: b.readUInt16BE(2), payload: b.subarray(off, b.length - pad) };
}
function parseRtcp(b) {
  const parts = [];
  for (let off = 0; off + 4 <= b.length; off += (b.readUInt16BE(off + 2) + 1) * 4) {
    parts.push({ pt: b[off + 1], fmt: b[off] & 31, sender: b.readUInt32BE(off + 4) });
  }
  return parts;
}
const kinds = (p) => p.parts.map((x) => x.pt + '/' + x.fmt).join(' ');

const picked = [];
const pick = (name, b, note) => { if (!b) throw new Error('nothing for ' + name); picked.push({ name, b: b.b || b, note }); };

// H.264: the first key frame (STAP-A with SPS and PPS, then the IDR slice), and the two frames after it
const video = rtp.filter((p) => p.pt === 96);
const k = video.findIndex((p) => (p.payload[0] & 31) === 24 && (p.payload[3] & 31) === 7);
let end = k;
while (!video[end].marker) end++;
for (let i = k; i <= end; i++) pick('rtp-h264-keyframe', video[i], i === k ? 'STAP-A with SPS and PPS' : 'FU-A of the IDR slice');
pick('rtp-h264-delta', video[end + 1], 'a single NAL unit');
pick('rtp-h264-delta', video[end + 2], 'a single NAL unit');
// RTX: a padding-only probe, a probe that repeats the key frame's last packet, and the retransmission
// of a packet libdatachannel NACKed (sequence number 7 modulo 50) next to its original
const rtx = rtp.filter((p) => p.pt === 97);
pick('rtp-rtx-padding', rtx.find((p) => p.payload.length === 0), 'padding only');
pick('rtp-rtx-probe', rtx.find((p) => p.payload.length > 0 && p.payload.readUInt16BE(0) === video[end].seq),
  'a copy of the key frame\'s last packet');
const nacked = rtx.find((p) => p.payload.length > 0 && p.payload.readUInt16BE(0) % 50 === 7);
pick('rtp-h264-nacked', video.find((p) => p.seq === nacked.payload.readUInt16BE(0)), 'the packet libdatachannel NACKed');
pick('rtp-rtx-retransmission', nacked, 'its retransmission');
// Opus: the first packet (silence before the fake microphone's beep) and the first two of the beep
const opus = rtp.filter((p) => p.pt === 111);
pick('rtp-opus', opus[0], 'the first, silence');
const beep = opus.findIndex((p) => p.payload.length > 100);
pick('rtp-opus', opus[beep], 'the beep starts');
pick('rtp-opus', opus[beep + 1]);
// RTCP from Chromium
const videoSsrc = video[0].b.readUInt32BE(8), audioSsrc = opus[0].b.readUInt32BE(8);
const sr = (ssrc) => rtcp.find((p) => kinds(p) === '200/0 202/1' && p.parts[0].sender === ssrc);
pick('rtcp-sr+sdes-video', sr(videoSsrc));
pick('rtcp-sr+sdes-audio', sr(audioSsrc));
pick('rtcp-rr', rtcp.find((p) => kinds(p) === '201/1'), 'a report block about the echoed Opus');
pick('rtcp-rr+nack', rtcp.find((p) => kinds(p) === '201/1 205/1'));
pick('rtcp-rr+pli', rtcp.find((p) => kinds(p) === '201/1 206/1'));
const twcc = rtcp.filter((p) => kinds(p) === '205/15');
pick('rtcp-twcc', twcc[0]);
pick('rtcp-twcc', twcc.reduce((a, p) => (p.b.length > a.b.length ? p : a)), 'the longest transport-wide feedback of the run');

fs.mkdirSync(dir, { recursive: true });
picked.forEach((p, i) => {
  const hex = p.b.toString('hex').match(/.{1,64}/g).join('\n');
  const note = `# ${p.b.length} bytes` + (p.note ? ', ' + p.note : '');
  fs.writeFileSync(path.join(dir, `${String(i + 1).padStart(2, '0')}-${p.name}.hex`), `${ORIGIN}\n${note}\n${hex}\n`);
});
console.log(picked.map((p, i) => `${i + 1} ${p.name} ${p.b.length}`).join('\n'));
