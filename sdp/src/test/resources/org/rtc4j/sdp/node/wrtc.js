// Prints an offer and an answer produced by libwebrtc (@roamhq/wrtc), with ICE candidates gathered.
const { RTCPeerConnection, nonstandard } = require('@roamhq/wrtc');
const fs = require('fs');
const mode = process.argv[2] || 'av';

function waitGathered(pc) {
  return new Promise((resolve) => {
    if (pc.iceGatheringState === 'complete') return resolve();
    pc.onicegatheringstatechange = () => { if (pc.iceGatheringState === 'complete') resolve(); };
    setTimeout(resolve, 3000);
  });
}

(async () => {
  const a = new RTCPeerConnection({ iceServers: [] });
  const b = new RTCPeerConnection({ iceServers: [] });
  a.createDataChannel('chat');
  if (mode === 'av') {
    const src = new nonstandard.RTCAudioSource();
    const track = src.createTrack();
    const vsrc = new nonstandard.RTCVideoSource();
    const vtrack = vsrc.createTrack();
    a.addTransceiver(track, { direction: 'sendrecv' });
    a.addTransceiver(vtrack, { direction: 'sendrecv' });
    a.addTransceiver('video', { direction: 'recvonly' });
  }
  const offer = await a.createOffer();
  await a.setLocalDescription(offer);
  await waitGathered(a);
  await b.setRemoteDescription(a.localDescription);
  const answer = await b.createAnswer();
  await b.setLocalDescription(answer);
  await waitGathered(b);
  fs.writeFileSync(`wrtc-${mode}-offer.sdp`, a.localDescription.sdp);
  fs.writeFileSync(`wrtc-${mode}-answer.sdp`, b.localDescription.sdp);
  a.close(); b.close();
  process.exit(0);
})().catch((e) => { console.error(e); process.exit(1); });
