#!/usr/bin/env node
// A WebRTC data-channel peer that rtc4j's interop tests start as a child process and drive over
// stdin/stdout with line-delimited JSON, one object per line, flat (string, number, boolean values).
//
//   node peer.js libdatachannel    # libdatachannel (usrsctp) through node-datachannel
//   node peer.js libwebrtc         # libwebrtc (dcsctp) through @roamhq/wrtc
//   node peer.js IMPL '{"turn":{"host":"127.0.0.1","port":3478,"username":"u","credential":"p"},"relayOnly":true}'
//                                  # optional ICE settings: one TURN server over UDP, relay-only policy
//
// Commands (stdin), each {"cmd": ...}:
//   createChannel  label, ordered?, maxRetransmits?, maxPacketLifeTime?, protocol?, negotiated?, id?
//   createOffer  iceRestart?                  -> a "description" event with the offer (libwebrtc: iceRestart restarts ICE)
//   setRemoteDescription  type, sdp           -> for an offer, a "description" event with the answer
//   addCandidate  candidate, mid              (an empty candidate is the end of candidates)
//   send  label, text | base64                (base64 sends binary)
//   closeChannel  label
//   close                                     closes the peer connection (stdin EOF also does, then exits)
//   quiet                                     stop emitting message and echoed events (benchmarks: echo
//                                             without a line of JSON per message); echoes go on
// Events (stdout), each {"event": ...}:
//   ready impl version | description type sdp | candidate candidate mid | gatheringComplete
//   iceState state | connectionState state | channel label id protocol ordered (opened by the remote side)
//   open label id | message label binary size | echoed label binary size | closed label | error message
// Every message a channel receives is echoed back on the same channel, text as text, binary as binary.
// Diagnostics go to stderr; stdout carries only events.
'use strict';

const readline = require('readline');

const impl = process.argv[2];
const ice = process.argv[3] ? JSON.parse(process.argv[3]) : {};
if (impl !== 'libdatachannel' && impl !== 'libwebrtc') {
  process.stderr.write('usage: node peer.js libdatachannel|libwebrtc\n');
  process.exit(2);
}

function emit(event) {
  process.stdout.write(JSON.stringify(event) + '\n');
}

function fail(message) {
  emit({ event: 'error', message: String(message) });
}

const channels = new Map(); // label -> adapter channel

// ---- libdatachannel (node-datachannel's own API, closest to the C++ library)

function libdatachannelPeer() {
  const ndc = require('node-datachannel');
  if (process.env.RTC4J_NODE_LOG) {
    ndc.initLogger(process.env.RTC4J_NODE_LOG);
  }
  // libdatachannel gathers host candidates itself and has no mDNS obfuscation of its own ones.
  const pc = new ndc.PeerConnection('rtc4j-interop', {
    iceServers: ice.turn ? [{ hostname: ice.turn.host, port: ice.turn.port, username: ice.turn.username,
      password: ice.turn.credential, relayType: 'TurnUdp' }] : [],
    iceTransportPolicy: ice.relayOnly ? 'relay' : 'all',
    disableAutoNegotiation: true,
  });
  pc.onLocalDescription((sdp, type) => emit({ event: 'description', type: type.toLowerCase(), sdp }));
  pc.onLocalCandidate((candidate, mid) => emit({ event: 'candidate', candidate, mid }));
  pc.onGatheringStateChange((state) => {
    if (state === 'complete') emit({ event: 'gatheringComplete' });
  });
  pc.onIceStateChange((state) => emit({ event: 'iceState', state }));
  pc.onStateChange((state) => emit({ event: 'connectionState', state }));

  function wrap(dc, label) {
    const ch = {
      label,
      send(data) {
        return typeof data === 'string' ? dc.sendMessage(data) : dc.sendMessageBinary(data);
      },
      close() { dc.close(); },
    };
    dc.onOpen(() => emit({ event: 'open', label, id: dc.getId() }));
    dc.onClosed(() => { emit({ event: 'closed', label }); channels.delete(label); });
    dc.onError((err) => fail(`channel ${label}: ${err}`));
    dc.onMessage((msg) => received(ch, typeof msg === 'string' ? msg : Buffer.from(msg)));
    channels.set(label, ch);
    return ch;
  }

  pc.onDataChannel((dc) => {
    const label = dc.getLabel();
    emit({ event: 'channel', label, id: dc.getId(), protocol: dc.getProtocol() });
    wrap(dc, label);
    if (dc.isOpen()) emit({ event: 'open', label, id: dc.getId() });
  });

  return {
    version: 'libdatachannel ' + ndc.getLibraryVersion(),
    createChannel(c) {
      const init = {};
      if (c.ordered === false) init.unordered = true;
      if (c.maxRetransmits !== undefined) init.maxRetransmits = c.maxRetransmits;
      if (c.maxPacketLifeTime !== undefined) init.maxPacketLifeTime = c.maxPacketLifeTime;
      if (c.protocol !== undefined) init.protocol = c.protocol;
      if (c.negotiated) { init.negotiated = true; init.id = c.id; }
      wrap(pc.createDataChannel(c.label, init), c.label);
    },
    createOffer() { pc.setLocalDescription('offer'); },
    setRemoteDescription(type, sdp) {
      pc.setRemoteDescription(sdp, type);
      if (type === 'offer') pc.setLocalDescription('answer');
    },
    addCandidate(candidate, mid) {
      if (candidate) pc.addRemoteCandidate(candidate, mid || '0');
    },
    close() {
      for (const ch of channels.values()) ch.close();
      pc.close();
      ndc.cleanup();
    },
  };
}

// ---- libwebrtc (the W3C API of @roamhq/wrtc)

function libwebrtcPeer() {
  const wrtc = require('@roamhq/wrtc');
  const pc = new wrtc.RTCPeerConnection({
    iceServers: ice.turn ? [{ urls: `turn:${ice.turn.host}:${ice.turn.port}?transport=udp`, username: ice.turn.username,
      credential: ice.turn.credential }] : [],
    iceTransportPolicy: ice.relayOnly ? 'relay' : 'all',
  });
  pc.onicecandidate = (e) => {
    if (e.candidate && e.candidate.candidate) {
      emit({ event: 'candidate', candidate: e.candidate.candidate, mid: e.candidate.sdpMid });
    } else {
      emit({ event: 'gatheringComplete' });
    }
  };
  pc.oniceconnectionstatechange = () => emit({ event: 'iceState', state: pc.iceConnectionState });
  pc.onconnectionstatechange = () => emit({ event: 'connectionState', state: pc.connectionState });

  function wrap(dc) {
    const label = dc.label;
    dc.binaryType = 'arraybuffer';
    const ch = {
      label,
      send(data) { dc.send(data); return true; },
      close() { dc.close(); },
    };
    dc.onopen = () => emit({ event: 'open', label, id: dc.id });
    dc.onclose = () => { emit({ event: 'closed', label }); channels.delete(label); };
    dc.onerror = (e) => fail(`channel ${label}: ${e && e.error ? e.error.message : e}`);
    dc.onmessage = (e) => received(ch, typeof e.data === 'string' ? e.data : Buffer.from(e.data));
    channels.set(label, ch);
    return ch;
  }

  pc.ondatachannel = (e) => {
    const dc = e.channel;
    emit({ event: 'channel', label: dc.label, id: dc.id, protocol: dc.protocol, ordered: dc.ordered });
    wrap(dc);
    if (dc.readyState === 'open') emit({ event: 'open', label: dc.label, id: dc.id });
  };

  async function publishLocal() {
    const d = pc.localDescription;
    emit({ event: 'description', type: d.type, sdp: d.sdp });
  }

  return {
    version: 'libwebrtc', // @roamhq/wrtc does not say which milestone it bundles
    createChannel(c) {
      const init = {};
      if (c.ordered === false) init.ordered = false;
      if (c.maxRetransmits !== undefined) init.maxRetransmits = c.maxRetransmits;
      if (c.maxPacketLifeTime !== undefined) init.maxPacketLifeTime = c.maxPacketLifeTime;
      if (c.protocol !== undefined) init.protocol = c.protocol;
      if (c.negotiated) { init.negotiated = true; init.id = c.id; }
      wrap(pc.createDataChannel(c.label, init));
    },
    async createOffer(c) {
      await pc.setLocalDescription(await pc.createOffer(c && c.iceRestart ? { iceRestart: true } : undefined));
      await publishLocal();
    },
    async setRemoteDescription(type, sdp) {
      await pc.setRemoteDescription({ type, sdp });
      if (type === 'offer') {
        await pc.setLocalDescription(await pc.createAnswer());
        await publishLocal();
      }
    },
    async addCandidate(candidate, mid) {
      await pc.addIceCandidate(candidate ? { candidate, sdpMid: mid || '0' } : null);
    },
    close() {
      for (const ch of channels.values()) ch.close();
      pc.close();
    },
  };
}

// ---- the echo and the command loop

let quiet = false;

function received(ch, data) {
  if (quiet) {
    try {
      ch.send(data);
    } catch (e) {
      fail(`echo on ${ch.label}: ${e.message}`);
    }
    return;
  }
  const binary = typeof data !== 'string';
  const size = binary ? data.length : Buffer.byteLength(data, 'utf8');
  emit({ event: 'message', label: ch.label, binary, size });
  try {
    ch.send(data);
    emit({ event: 'echoed', label: ch.label, binary, size });
  } catch (e) {
    fail(`echo on ${ch.label}: ${e.message}`);
  }
}

const peer = impl === 'libdatachannel' ? libdatachannelPeer() : libwebrtcPeer();
let closed = false;

function closePeer() {
  if (closed) return;
  closed = true;
  try {
    peer.close();
  } catch (e) {
    process.stderr.write(`close: ${e.stack || e}\n`);
  }
}

async function run(c) {
  switch (c.cmd) {
    case 'createChannel': return peer.createChannel(c);
    case 'createOffer': return peer.createOffer(c);
    case 'setRemoteDescription': return peer.setRemoteDescription(c.type, c.sdp);
    case 'addCandidate': return peer.addCandidate(c.candidate, c.mid);
    case 'send': {
      const ch = channels.get(c.label);
      if (!ch) throw new Error(`no channel ${c.label}`);
      return ch.send(c.base64 !== undefined ? Buffer.from(c.base64, 'base64') : c.text);
    }
    case 'closeChannel': {
      const ch = channels.get(c.label);
      if (!ch) throw new Error(`no channel ${c.label}`);
      return ch.close();
    }
    case 'close': return closePeer();
    case 'quiet': quiet = true; return undefined;
    default: throw new Error(`unknown command ${c.cmd}`);
  }
}

// Commands run one after the other, in the order they came.
let queue = Promise.resolve();
const lines = readline.createInterface({ input: process.stdin, terminal: false });
lines.on('line', (line) => {
  if (!line.trim()) return;
  queue = queue.then(async () => {
    let c;
    try {
      c = JSON.parse(line);
      await run(c);
    } catch (e) {
      fail(`${c ? c.cmd : 'bad json'}: ${e.message}`);
    }
  });
});
lines.on('close', () => {
  queue.then(() => {
    closePeer();
    // Let the close reach the wire and the native threads wind down, then leave.
    setTimeout(() => process.exit(0), 200).unref();
  });
});

emit({ event: 'ready', impl, version: peer.version });
