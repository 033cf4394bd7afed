// rtc4j call: peer-to-peer video calls in rooms. A mesh of RTCPeerConnections (one per other
// participant); the server at /ws only relays signaling. Media, chat and files go browser to browser.
//
// Signaling (JSON over /ws): join {room, name} -> peers {you, peers}; the newcomer offers to everyone
// already there; offer/answer {to, sdp}, candidate {to, candidate}, chat {to?, text}, leave, invite.
// Data channel "chat" (JSON text): {type: "chat", text}, {type: "state", muted, cameraOff},
// {type: "file", id, name, size, mime} followed by the file's bytes as binary messages, in order.
'use strict';

const CHUNK = 16 * 1024;
const HIGH_WATER = 1024 * 1024;
const LOW_WATER = 256 * 1024;
const HISTORY = 60;

/** The page's state; window.rtc4j for the curious and for tests (rtc4j.snapshot()). */
const app = {
  config: { iceServers: [], maxRoomSize: 6 },
  mediaReady: Promise.resolve(), name: '', room: null, me: null, ws: null, local: null, peers: new Map(),
  chat: [], files: [], events: [], errors: [], muted: false, cameraOff: false, left: false,
};
window.rtc4j = app;

const $ = (id) => document.getElementById(id);

function status(text, isError) {
  $('status').textContent = text;
  $('status').classList.toggle('error', !!isError);
}

function event(type, detail) {
  app.events.push(Object.assign({ type, at: Date.now() }, detail || {}));
}

// ------------------------------------------------------------------ lobby and local media

async function init() {
  try {
    app.config = await (await fetch('config.json')).json();
  } catch (e) {
    status('cannot load config.json: ' + e, true);
  }
  const params = new URLSearchParams(location.search);
  if (params.get('room')) $('room-id').value = params.get('room');
  $('name').value = localStorage.getItem('rtc4j.name') || '';
  $('create').onclick = () => enter(newRoomId());
  $('join').onclick = () => {
    const room = roomFromInput($('room-id').value);
    if (room) enter(room); else status('a room id is 6 to 64 letters, digits, - or _', true);
  };
  $('camera').onchange = () => switchDevice('video', $('camera').value);
  $('microphone').onchange = () => switchDevice('audio', $('microphone').value);
  $('copy').onclick = () => navigator.clipboard && navigator.clipboard.writeText($('link').value);
  $('mute').onclick = toggleMute;
  $('camera-off').onclick = toggleCamera;
  $('hangup').onclick = hangUp;
  $('invite').onclick = () => send({ type: 'invite' });
  $('rejoin').onclick = () => location.reload();
  $('chat-form').onsubmit = (e) => { e.preventDefault(); sendChat($('chat-input').value); $('chat-input').value = ''; };
  $('file-input').onchange = () => { for (const f of $('file-input').files) sendFile(f); $('file-input').value = ''; };
  setInterval(pollStats, 1000);
  app.mediaReady = startMedia();
  await app.mediaReady;
}

function newRoomId() {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function roomFromInput(text) {
  text = text.trim();
  try { text = new URL(text).searchParams.get('room') || text; } catch (e) { /* an id, not a link */ }
  return /^[A-Za-z0-9_-]{6,64}$/.test(text) ? text : null;
}

async function startMedia(constraints) {
  try {
    const stream = await navigator.mediaDevices.getUserMedia(constraints || { audio: true, video: { width: 640, height: 480 } });
    if (app.local) app.local.getTracks().forEach((t) => t.stop());
    app.local = stream;
    $('preview').srcObject = stream;
    $('self').srcObject = stream;
    $('media-note').textContent = '';
    await listDevices();
  } catch (e) {
    $('media-note').textContent = 'No camera or microphone (' + e.name + '): you can still chat and send files.';
  }
}

async function listDevices() {
  const devices = await navigator.mediaDevices.enumerateDevices();
  for (const [kind, select] of [['videoinput', $('camera')], ['audioinput', $('microphone')]]) {
    const track = app.local && app.local.getTracks().find((t) => (kind === 'videoinput') === (t.kind === 'video'));
    const current = track && track.getSettings().deviceId;
    select.replaceChildren();
    devices.filter((d) => d.kind === kind).forEach((d, i) => {
      const o = new Option(d.label || (kind === 'videoinput' ? 'camera ' : 'microphone ') + (i + 1), d.deviceId);
      o.selected = d.deviceId === current;
      select.add(o);
    });
  }
}

/** Switches camera or microphone: a new track replaces the old one in every connection (no renegotiation). */
async function switchDevice(kind, deviceId) {
  if (!app.local) return;
  const constraints = kind === 'video' ? { video: { deviceId: { exact: deviceId }, width: 640, height: 480 } }
    : { audio: { deviceId: { exact: deviceId } } };
  try {
    const fresh = (await navigator.mediaDevices.getUserMedia(constraints)).getTracks()[0];
    const old = app.local.getTracks().find((t) => t.kind === kind);
    if (old) { app.local.removeTrack(old); old.stop(); }
    fresh.enabled = kind === 'video' ? !app.cameraOff : !app.muted;
    app.local.addTrack(fresh);
    for (const peer of app.peers.values()) {
      const sender = peer.pc.getSenders().find((s) => s.track ? s.track.kind === kind : false)
        || peer.pc.getTransceivers().find((t) => t.receiver.track.kind === kind && t.sender.track === null)?.sender;
      if (sender) await sender.replaceTrack(fresh);
    }
  } catch (e) {
    status('cannot switch ' + kind + ': ' + e, true);
  }
}

// ------------------------------------------------------------------ room and signaling

async function enter(room) {
  status('starting the camera...');
  await app.mediaReady;  // a quick click must not join without the tracks
  app.room = room;
  app.name = $('name').value.trim().slice(0, 64);
  localStorage.setItem('rtc4j.name', app.name);
  history.replaceState(null, '', '?room=' + encodeURIComponent(room));
  $('link').value = location.origin + location.pathname + '?room=' + room;
  $('lobby').hidden = true;
  $('call').hidden = false;
  connect();
}

function connect() {
  const ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws');
  app.ws = ws;
  status('connecting to the server...');
  ws.onopen = () => send({ type: 'join', room: app.room, name: app.name });
  ws.onmessage = (e) => {
    let msg;
    try { msg = JSON.parse(e.data); } catch (err) { return; }
    onSignal(msg);
  };
  ws.onclose = () => { if (!app.left) { status('disconnected from the server', true); event('server-closed'); } };
}

function send(msg) {
  if (app.ws && app.ws.readyState === WebSocket.OPEN) app.ws.send(JSON.stringify(msg));
}

function onSignal(msg) {
  switch (msg.type) {
    case 'peers':
      app.me = msg.you;
      event('joined', { id: msg.you });
      for (const p of msg.peers) addPeer(p, true);
      roomStatus();
      break;
    case 'join':
      addPeer(msg.peer, false);
      system((msg.peer.name || 'someone') + ' joined');
      roomStatus();
      break;
    case 'offer': onOffer(msg); break;
    case 'answer': {
      const peer = app.peers.get(msg.from);
      if (peer) {
        peer.pc.setRemoteDescription({ type: 'answer', sdp: msg.sdp })
          .then(() => flushCandidates(peer)).catch((e) => peerError(peer, e));
      }
      break;
    }
    case 'candidate': {
      const peer = app.peers.get(msg.from);
      if (!peer || !msg.candidate) break;
      // A candidate may overtake the description it belongs to (the sender trickles while it answers).
      if (peer.early) { if (peer.early.length < 100) peer.early.push(msg.candidate); } else {
        peer.pc.addIceCandidate(msg.candidate).catch((e) => peerError(peer, e));
      }
      break;
    }
    case 'leave': removePeer(msg.peer, 'left'); roomStatus(); break;
    case 'chat': addChat(msg.name || 'someone', msg.text, msg.from); break;
    case 'error':
      app.errors.push(msg);
      status(msg.message, true);
      event('error', { code: msg.code });
      break;
  }
}

function roomStatus() {
  status('in the room: ' + (app.peers.size + 1) + ' of at most ' + app.config.maxRoomSize);
}

function addPeer(info, initiator) {
  removePeer(info.id, 'replaced');
  const pc = new RTCPeerConnection({ iceServers: app.config.iceServers });
  const peer = { id: info.id, name: info.name || (info.kind === 'jvm' ? 'rtc4j bot' : 'guest'), kind: info.kind,
    pc, dc: null, stream: new MediaStream(), incoming: null, sending: Promise.resolve(), history: [], prev: null,
    stats: {}, remote: {}, early: [] };
  app.peers.set(peer.id, peer);
  makeTile(peer);
  pc.onicecandidate = (e) => send({ type: 'candidate', to: peer.id, candidate: e.candidate ? e.candidate.toJSON() : null });
  pc.ontrack = (e) => { peer.stream.addTrack(e.track); peer.tile.video.srcObject = peer.stream; };
  pc.onconnectionstatechange = () => {
    event('connection', { peer: peer.id, state: pc.connectionState });
    renderTile(peer);
  };
  pc.ondatachannel = (e) => openChannel(peer, e.channel);
  if (initiator) {
    if (peer.kind === 'browser') {
      if (app.local) app.local.getTracks().forEach((t) => pc.addTrack(t, app.local));
      // Receive both kinds even with no camera or microphone here.
      for (const kind of ['audio', 'video']) {
        if (!pc.getTransceivers().some((t) => t.receiver.track.kind === kind)) pc.addTransceiver(kind, { direction: 'recvonly' });
      }
    }
    openChannel(peer, pc.createDataChannel('chat'));
    pc.setLocalDescription()
      .then(() => send({ type: 'offer', to: peer.id, sdp: pc.localDescription.sdp }))
      .catch((e) => peerError(peer, e));
  }
  return peer;
}

async function onOffer(msg) {
  const peer = app.peers.get(msg.from) || addPeer({ id: msg.from, kind: 'browser' }, false);
  try {
    await peer.pc.setRemoteDescription({ type: 'offer', sdp: msg.sdp });
    flushCandidates(peer);
    if (peer.kind === 'browser' && app.local) {
      for (const track of app.local.getTracks()) {
        const tr = peer.pc.getTransceivers().find((t) => t.receiver.track.kind === track.kind && !t.sender.track);
        if (tr) {
          await tr.sender.replaceTrack(track);
          tr.direction = 'sendrecv';
        } else {
          peer.pc.addTrack(track, app.local);
        }
      }
    }
    await peer.pc.setLocalDescription();
    send({ type: 'answer', to: peer.id, sdp: peer.pc.localDescription.sdp });
  } catch (e) {
    peerError(peer, e);
  }
}

function flushCandidates(peer) {
  const early = peer.early || [];
  peer.early = null;
  for (const c of early) peer.pc.addIceCandidate(c).catch((e) => peerError(peer, e));
}

function peerError(peer, e) {
  event('peer-error', { peer: peer.id, message: String(e) });
  status(peer.name + ': ' + e, true);
}

function removePeer(id, why) {
  const peer = app.peers.get(id);
  if (!peer) return;
  app.peers.delete(id);
  peer.pc.close();
  peer.tile.root.remove();
  if (why === 'left') {
    event('peer-left', { peer: id });
    system(peer.name + ' left');
  }
}

function toggleMute() {
  app.muted = !app.muted;
  if (app.local) app.local.getAudioTracks().forEach((t) => { t.enabled = !app.muted; });
  $('mute').setAttribute('aria-pressed', app.muted);
  $('mute').textContent = app.muted ? 'Unmute' : 'Mute';
  broadcast({ type: 'state', muted: app.muted, cameraOff: app.cameraOff });
}

function toggleCamera() {
  app.cameraOff = !app.cameraOff;
  if (app.local) app.local.getVideoTracks().forEach((t) => { t.enabled = !app.cameraOff; });
  $('camera-off').setAttribute('aria-pressed', app.cameraOff);
  $('camera-off').textContent = app.cameraOff ? 'Camera on' : 'Camera off';
  broadcast({ type: 'state', muted: app.muted, cameraOff: app.cameraOff });
}

function hangUp() {
  app.left = true;
  send({ type: 'leave' });
  for (const id of [...app.peers.keys()]) removePeer(id, 'hangup');
  if (app.ws) app.ws.close();
  if (app.local) app.local.getTracks().forEach((t) => t.stop());
  event('hung-up');
  $('call').hidden = true;
  $('ended').hidden = false;
  status('call ended');
}

// ------------------------------------------------------------------ data channel: chat and files

function openChannel(peer, dc) {
  peer.dc = dc;
  dc.binaryType = 'arraybuffer';
  dc.bufferedAmountLowThreshold = LOW_WATER;
  dc.onopen = () => {
    event('channel-open', { peer: peer.id });
    renderTile(peer);
    if (peer.kind === 'browser') dc.send(JSON.stringify({ type: 'state', muted: app.muted, cameraOff: app.cameraOff }));
  };
  dc.onclose = () => renderTile(peer);
  dc.onmessage = (e) => {
    if (typeof e.data === 'string') {
      let msg;
      try { msg = JSON.parse(e.data); } catch (err) { return; }
      if (msg.type === 'chat') addChat(peer.name, String(msg.text), peer.id);
      else if (msg.type === 'state') { peer.remote = msg; renderTile(peer); }
      else if (msg.type === 'file') startReceive(peer, msg);
    } else {
      receiveChunk(peer, e.data);
    }
  };
}

function broadcast(msg) {
  const text = JSON.stringify(msg);
  for (const peer of app.peers.values()) if (peer.dc && peer.dc.readyState === 'open') peer.dc.send(text);
}

function sendChat(text) {
  text = text.trim();
  if (!text) return;
  for (const peer of app.peers.values()) {
    if (peer.dc && peer.dc.readyState === 'open') peer.dc.send(JSON.stringify({ type: 'chat', text }));
    else send({ type: 'chat', to: peer.id, text });  // no data channel yet: through the server
  }
  addChat('you', text, app.me);
}

function addChat(name, text, from) {
  app.chat.push({ from, name, text, at: Date.now() });
  const li = document.createElement('li');
  const who = document.createElement('span');
  who.className = 'who';
  who.textContent = name + ':';
  li.append(who, document.createTextNode(text));
  $('chat-log').append(li);
  li.scrollIntoView({ block: 'end' });
}

function system(text) {
  const li = document.createElement('li');
  li.className = 'system';
  li.textContent = text;
  $('chat-log').append(li);
}

function transferRow(label) {
  const li = document.createElement('li');
  const span = document.createElement('span');
  span.textContent = label;
  const bar = document.createElement('progress');
  bar.max = 1;
  bar.value = 0;
  li.append(span, bar);
  $('transfers').append(li);
  return { li, span, bar };
}

/** Sends a file to every peer with an open channel; one file at a time per channel. */
function sendFile(file) {
  for (const peer of app.peers.values()) {
    if (!peer.dc || peer.dc.readyState !== 'open') continue;
    peer.sending = peer.sending.then(() => sendFileTo(peer, file)).catch((e) => peerError(peer, e));
  }
}

async function sendFileTo(peer, file) {
  const row = transferRow('to ' + peer.name + ': ' + file.name);
  const bytes = new Uint8Array(await file.arrayBuffer());
  const dc = peer.dc;
  dc.send(JSON.stringify({ type: 'file', id: newRoomId(), name: file.name, size: bytes.length, mime: file.type }));
  for (let off = 0; off < bytes.length; off += CHUNK) {
    if (dc.bufferedAmount > HIGH_WATER) {
      await new Promise((resolve, reject) => {
        dc.addEventListener('bufferedamountlow', resolve, { once: true });
        dc.addEventListener('close', () => reject(new Error('channel closed')), { once: true });
      });
    }
    dc.send(bytes.subarray(off, Math.min(off + CHUNK, bytes.length)));
    row.bar.value = Math.min(off + CHUNK, bytes.length) / Math.max(1, bytes.length);
  }
  row.bar.value = 1;
  event('file-sent', { peer: peer.id, name: file.name, size: bytes.length });
}

function startReceive(peer, header) {
  const size = Number(header.size);
  if (!(size >= 0)) return;
  peer.incoming = { name: String(header.name || 'file'), size, mime: String(header.mime || ''), chunks: [], received: 0,
    row: transferRow('from ' + peer.name + ': ' + header.name) };
  if (size === 0) finishReceive(peer);
}

function receiveChunk(peer, data) {
  const f = peer.incoming;
  if (!f) return;
  f.chunks.push(data);
  f.received += data.byteLength;
  f.row.bar.value = f.received / Math.max(1, f.size);
  if (f.received >= f.size) finishReceive(peer);
}

async function finishReceive(peer) {
  const f = peer.incoming;
  peer.incoming = null;
  const blob = new Blob(f.chunks, { type: f.mime });
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', await blob.arrayBuffer()));
  const sha256 = [...digest].map((b) => b.toString(16).padStart(2, '0')).join('');
  app.files.push({ from: peer.id, name: f.name, size: blob.size, sha256 });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = f.name;
  a.textContent = 'save';
  f.row.span.textContent += ' (' + blob.size + ' bytes) ';
  f.row.span.append(a);
  event('file-received', { peer: peer.id, name: f.name, size: blob.size });
}

// ------------------------------------------------------------------ tiles and connection quality

function makeTile(peer) {
  const root = $('tile-template').content.firstElementChild.cloneNode(true);
  peer.tile = { root, video: root.querySelector('video'), name: root.querySelector('.name'),
    conn: root.querySelector('.conn'), flags: root.querySelector('.flags'), stats: root.querySelector('.stats'),
    canvas: root.querySelector('canvas') };
  root.dataset.peer = peer.id;
  peer.tile.name.textContent = peer.name + (peer.kind === 'jvm' ? ' (JVM, data only)' : '');
  $('tiles').append(root);
  renderTile(peer);
}

function renderTile(peer) {
  const s = peer.stats;
  peer.tile.conn.textContent = peer.pc.connectionState === 'connected' ? (s.route || 'connected') : peer.pc.connectionState;
  const flags = [];
  if (peer.remote.muted) flags.push('muted');
  if (peer.remote.cameraOff) flags.push('camera off');
  peer.tile.flags.textContent = flags.join(', ');
  if (s.at) {
    peer.tile.stats.textContent = [
      fmt(s.kbpsIn, ' kbit/s in'), fmt(s.kbpsOut, ' kbit/s out'),
      s.rttMs === undefined ? null : 'RTT ' + s.rttMs + ' ms',
      s.lossPct === undefined ? null : 'loss ' + s.lossPct.toFixed(1) + ' %',
      s.videoWidth ? s.videoWidth + 'x' + s.videoHeight : null,
    ].filter(Boolean).join(' · ');
  }
  drawChart(peer);
}

function fmt(v, unit) {
  return v === undefined ? null : Math.round(v) + unit;
}

async function pollStats() {
  for (const peer of [...app.peers.values()]) {
    if (peer.pc.connectionState === 'closed') continue;
    let report;
    try { report = await peer.pc.getStats(); } catch (e) { continue; }
    let pair = null;
    const inbound = [];
    let bytesOut = 0;
    report.forEach((r) => {
      if (r.type === 'transport' && r.selectedCandidatePairId) pair = report.get(r.selectedCandidatePairId);
      if (r.type === 'candidate-pair' && r.selected) pair = r;  // Firefox
      if (r.type === 'inbound-rtp') inbound.push(r);
      if (r.type === 'outbound-rtp') bytesOut += r.bytesSent || 0;
    });
    const now = performance.now();
    const video = inbound.find((r) => r.kind === 'video');
    const cur = {
      at: now,
      bytesIn: pair ? pair.bytesReceived || 0 : 0,
      bytesOut: pair ? pair.bytesSent || 0 : bytesOut,
      lost: inbound.reduce((n, r) => n + (r.packetsLost || 0), 0),
      received: inbound.reduce((n, r) => n + (r.packetsReceived || 0), 0),
      framesDecoded: video ? video.framesDecoded || 0 : 0,
      videoWidth: peer.tile.video.videoWidth, videoHeight: peer.tile.video.videoHeight,
    };
    if (pair) {
      const local = report.get(pair.localCandidateId);
      const remote = report.get(pair.remoteCandidateId);
      const types = [local && local.candidateType, remote && remote.candidateType];
      cur.route = (types.includes('relay') ? 'relayed' : 'direct') + ' (' + types.join('/') + ')';
      if (pair.currentRoundTripTime !== undefined) cur.rttMs = Math.round(pair.currentRoundTripTime * 1000);
    }
    const prev = peer.prev;
    if (prev) {
      const dt = (now - prev.at) / 1000;
      cur.kbpsIn = Math.max(0, (cur.bytesIn - prev.bytesIn) * 8 / 1000 / dt);
      cur.kbpsOut = Math.max(0, (cur.bytesOut - prev.bytesOut) * 8 / 1000 / dt);
      const lost = cur.lost - prev.lost;
      const total = lost + cur.received - prev.received;
      if (inbound.length) cur.lossPct = total > 0 ? Math.max(0, 100 * lost / total) : 0;
      peer.history.push(cur.kbpsIn);
      if (peer.history.length > HISTORY) peer.history.shift();
    }
    peer.prev = cur;
    peer.stats = cur;
    renderTile(peer);
  }
}

/** Incoming bitrate over the last minute. */
function drawChart(peer) {
  const c = peer.tile.canvas;
  const g = c.getContext('2d');
  g.clearRect(0, 0, c.width, c.height);
  const h = peer.history;
  if (h.length < 2) return;
  const max = Math.max(100, ...h);
  g.strokeStyle = '#4c9aff';
  g.lineWidth = 2;
  g.beginPath();
  h.forEach((v, i) => {
    const x = (i / (HISTORY - 1)) * c.width;
    const y = c.height - 2 - (v / max) * (c.height - 12);
    if (i === 0) g.moveTo(x, y); else g.lineTo(x, y);
  });
  g.stroke();
  g.fillStyle = '#9aa4ae';
  g.font = '10px sans-serif';
  g.fillText('in: max ' + Math.round(max) + ' kbit/s', 4, 10);
}

/** A JSON-able picture of the call: what the tests read. */
app.snapshot = () => ({
  me: app.me, room: app.room, left: app.left, muted: app.muted, cameraOff: app.cameraOff,
  peers: [...app.peers.values()].map((p) => ({
    id: p.id, name: p.name, kind: p.kind, connectionState: p.pc.connectionState,
    channel: p.dc ? p.dc.readyState : null, stats: Object.assign({}, p.stats, { at: undefined }),
    videoWidth: p.tile.video.videoWidth, paused: p.tile.video.paused, chartPoints: p.history.length,
    remote: p.remote, flags: p.tile.flags.textContent,
  })),
  chat: app.chat, files: app.files, events: app.events, errors: app.errors,
});

init();
