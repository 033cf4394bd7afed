#!/usr/bin/env node
// Two WebRTC peers of the same implementation in one node process, for the figures that rtc4j's
// data-channel harness (jmh: org.rtc4j.interop.DataChannelHarness) prints side by side with its own.
//
//   node bench.js libdatachannel|libwebrtc setup [runs] [warmup]   # createOffer -> both channels open
//   node bench.js libdatachannel|libwebrtc echo [seconds] [warmup-seconds]
//
// setup: per run, two new peer connections; the clock starts at createOffer (libdatachannel:
// setLocalDescription('offer')) and stops when the offerer's channel and the answerer's incoming
// channel are both open. Candidates trickle in memory once the other side has its remote description.
// echo: the offerer sends 16 KiB binary messages, keeping at most 1 MiB sent but not yet echoed and
// sending only while bufferedAmount <= 256 KiB (bufferedamountlow resumes it); the answerer echoes
// every message. The figure is the echoed payload per second after the warm-up.
// Output: one flat JSON line on stdout, {"impl", "mode", ...figures}; diagnostics go to stderr.
'use strict';

const impl = process.argv[2];
const mode = process.argv[3];
if (!['libdatachannel', 'libwebrtc'].includes(impl) || !['setup', 'echo'].includes(mode)) {
  process.stderr.write('usage: node bench.js libdatachannel|libwebrtc setup [runs] [warmup] | echo [seconds] [warmup-seconds]\n');
  process.exit(2);
}

const MESSAGE = 16 * 1024;
const WINDOW = 1024 * 1024;
const THRESHOLD = 256 * 1024;

function nowMs() {
  return Number(process.hrtime.bigint()) / 1e6;
}

function percentile(sorted, p) {
  // nearest rank, as the Java harness does
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

// ---- a uniform face over both libraries: connect() resolves with {offerer channel, answerer channel}

function libdatachannelPair() {
  const ndc = require('node-datachannel');
  const a = new ndc.PeerConnection('a', { iceServers: [], disableAutoNegotiation: true });
  const b = new ndc.PeerConnection('b', { iceServers: [], disableAutoNegotiation: true });
  const wrapChannel = (dc) => ({
    send: (buf) => dc.sendMessageBinary(buf),
    bufferedAmount: () => dc.bufferedAmount(),
    setThreshold: (n) => dc.setBufferedAmountLowThreshold(n),
    onLow: (cb) => dc.onBufferedAmountLow(cb),
    onMessage: (cb) => dc.onMessage((m) => cb(typeof m === 'string' ? Buffer.from(m) : m)),
    close: () => dc.close(),
  });
  return {
    connect() {
      return new Promise((resolve, reject) => {
        let aDc; let bDc; let aOpen = false;
        const done = () => { if (aOpen && bDc) resolve({ a: wrapChannel(aDc), b: wrapChannel(bDc) }); };
        const pending = { a: [], b: [] };
        const hasRemote = { a: false, b: false };
        const trickle = (to, key, candidate, mid) => {
          if (hasRemote[key]) to.addRemoteCandidate(candidate, mid); else pending[key].push([candidate, mid]);
        };
        const remoteSet = (pc, key) => {
          hasRemote[key] = true;
          for (const [c, m] of pending[key]) pc.addRemoteCandidate(c, m);
          pending[key] = [];
        };
        a.onLocalCandidate((c, mid) => trickle(b, 'b', c, mid));
        b.onLocalCandidate((c, mid) => trickle(a, 'a', c, mid));
        a.onLocalDescription((sdp, type) => {
          if (type.toLowerCase() !== 'offer') return;
          b.setRemoteDescription(sdp, 'offer');
          remoteSet(b, 'b');
          b.setLocalDescription('answer');
        });
        b.onLocalDescription((sdp, type) => {
          if (type.toLowerCase() !== 'answer') return;
          a.setRemoteDescription(sdp, 'answer');
          remoteSet(a, 'a');
        });
        b.onDataChannel((dc) => {
          if (dc.isOpen()) { bDc = dc; done(); } else dc.onOpen(() => { bDc = dc; done(); });
        });
        aDc = a.createDataChannel('bench');
        aDc.onOpen(() => { aOpen = true; done(); });
        aDc.onError((e) => reject(new Error(`channel: ${e}`)));
        a.setLocalDescription('offer');
      });
    },
    close() { a.close(); b.close(); },
  };
}

function libwebrtcPair() {
  const wrtc = require('@roamhq/wrtc');
  const a = new wrtc.RTCPeerConnection({ iceServers: [] });
  const b = new wrtc.RTCPeerConnection({ iceServers: [] });
  const wrapChannel = (dc) => {
    dc.binaryType = 'arraybuffer';
    return {
      send: (buf) => dc.send(buf),
      bufferedAmount: () => dc.bufferedAmount,
      setThreshold: (n) => { dc.bufferedAmountLowThreshold = n; },
      onLow: (cb) => { dc.onbufferedamountlow = cb; },
      onMessage: (cb) => { dc.onmessage = (e) => cb(e.data); },
      close: () => dc.close(),
    };
  };
  return {
    async connect() {
      const pending = { a: [], b: [] };
      const hasRemote = { a: false, b: false };
      const trickle = (to, key, candidate) => {
        if (!candidate || !candidate.candidate) return;
        if (hasRemote[key]) to.addIceCandidate(candidate).catch(() => {}); else pending[key].push(candidate);
      };
      const remoteSet = (pc, key) => {
        hasRemote[key] = true;
        for (const c of pending[key]) pc.addIceCandidate(c).catch(() => {});
        pending[key] = [];
      };
      a.onicecandidate = (e) => trickle(b, 'b', e.candidate);
      b.onicecandidate = (e) => trickle(a, 'a', e.candidate);
      const bOpen = new Promise((resolve) => {
        b.ondatachannel = (e) => {
          const dc = e.channel;
          if (dc.readyState === 'open') resolve(dc); else dc.onopen = () => resolve(dc);
        };
      });
      const aDc = a.createDataChannel('bench');
      const aOpen = new Promise((resolve) => { aDc.onopen = () => resolve(aDc); });
      const offer = await a.createOffer();
      await a.setLocalDescription(offer);
      await b.setRemoteDescription(offer);
      remoteSet(b, 'b');
      const answer = await b.createAnswer();
      await b.setLocalDescription(answer);
      await a.setRemoteDescription(answer);
      remoteSet(a, 'a');
      const [ac, bc] = await Promise.all([aOpen, bOpen]);
      return { a: wrapChannel(ac), b: wrapChannel(bc) };
    },
    close() { a.close(); b.close(); },
  };
}

const newPair = impl === 'libdatachannel' ? libdatachannelPair : libwebrtcPair;

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([promise, new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no result within ${ms} ms`)), ms);
  })]).finally(() => clearTimeout(timer));
}

async function setup(runs, warmup) {
  const times = [];
  for (let i = 0; i < warmup + runs; i++) {
    const pair = newPair();
    const t0 = nowMs();
    await withTimeout(pair.connect(), 20000, 'setup');
    const t = nowMs() - t0;
    if (i >= warmup) times.push(t);
    pair.close();
    await sleep(50);
  }
  const sorted = [...times].sort((x, y) => x - y);
  return {
    runs, warmup, median_ms: percentile(sorted, 50), p90_ms: percentile(sorted, 90),
    min_ms: sorted[0], max_ms: sorted[sorted.length - 1], all_ms: times.map((t) => t.toFixed(1)).join(' '),
  };
}

async function echo(seconds, warmupSeconds) {
  const pair = newPair();
  const { a, b } = await withTimeout(pair.connect(), 20000, 'setup');
  let stopped = false;
  b.onMessage((m) => { if (!stopped) b.send(m); });
  const message = Buffer.alloc(MESSAGE, 7);
  let sent = 0;
  let echoed = 0;
  const pump = () => {
    while (!stopped && sent - echoed + MESSAGE <= WINDOW && a.bufferedAmount() <= THRESHOLD) {
      a.send(message);
      sent += MESSAGE;
    }
  };
  a.setThreshold(THRESHOLD);
  a.onLow(pump);
  a.onMessage((m) => {
    echoed += m.byteLength;
    pump();
  });
  pump();
  await sleep(warmupSeconds * 1000);
  const bytes0 = echoed;
  const t0 = nowMs();
  const cpu0 = process.cpuUsage();
  await sleep(seconds * 1000);
  const bytes = echoed - bytes0;
  const elapsed = (nowMs() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  stopped = true;
  pair.close();
  return {
    seconds: Number(elapsed.toFixed(3)), bytes, mbytes_per_s: Number((bytes / elapsed / 1e6).toFixed(2)),
    cpu_s: Number(((cpu.user + cpu.system) / 1e6).toFixed(3)),
  };
}

(async () => {
  const started = nowMs();
  let figures;
  if (mode === 'setup') {
    figures = await setup(Number(process.argv[4] || 20), Number(process.argv[5] || 3));
  } else {
    figures = await echo(Number(process.argv[4] || 8), Number(process.argv[5] || 2));
  }
  process.stdout.write(JSON.stringify({ impl, mode, ...figures }) + '\n');
  process.stderr.write(`bench ${impl} ${mode}: ${((nowMs() - started) / 1000).toFixed(1)} s\n`);
  await sleep(200);
  if (impl === 'libdatachannel') require('node-datachannel').cleanup();
  process.exit(0);
})().catch((e) => {
  process.stderr.write(`bench ${impl} ${mode}: ${e.stack || e}\n`);
  process.exit(1);
});
