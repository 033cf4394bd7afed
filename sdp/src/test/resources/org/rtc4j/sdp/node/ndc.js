// Prints an offer and an answer produced by libdatachannel (node-datachannel), with a data channel.
const ndc = require('node-datachannel');
const fs = require('fs');

const a = new ndc.PeerConnection('a', { iceServers: [] });
const b = new ndc.PeerConnection('b', { iceServers: [] });
let offer, answer;
const done = () => {
  if (offer && answer) {
    fs.writeFileSync('libdatachannel-offer.sdp', offer);
    fs.writeFileSync('libdatachannel-answer.sdp', answer);
    a.close(); b.close(); ndc.cleanup();
    process.exit(0);
  }
};
a.onGatheringStateChange((s) => {
  if (s === 'complete') {
    offer = a.localDescription().sdp;
    b.setRemoteDescription(offer, 'offer');
  }
});
b.onGatheringStateChange((s) => {
  if (s === 'complete') { answer = b.localDescription().sdp; done(); }
});
a.createDataChannel('chat');
setTimeout(() => { console.error('timeout'); process.exit(1); }, 10000);
