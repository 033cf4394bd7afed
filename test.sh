#!/usr/bin/env bash
# Runs every rtc4j test: unit, simulated-network, interop against real peers, and a bounded fuzz run.
# It first installs, idempotently, the independent peers the interop tests start (Debian packages,
# and npm packages run by Node.js), so a fresh machine needs nothing but a JDK 17, Maven and apt.
set -euo pipefail
cd "$(dirname "$0")"

# Chromium and its chromedriver come from Debian (Selenium drives /usr/bin/chromium through
# /usr/bin/chromedriver and never downloads a driver or a browser). Debian's ffmpeg (ffprobe, ffmpeg)
# checks the media module's recordings from outside rtc4j and gives the codec harness its reference speed.
debian_packages=(coturn openssl chromium chromium-driver ffmpeg)

install_debian_packages() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "test.sh: installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

install_debian_packages "${debian_packages[@]}"

# The node peers the interop tests start: libdatachannel (node-datachannel) and libwebrtc
# (@roamhq/wrtc), pinned by interop-tests/node/package-lock.json and installed with their prebuilt
# binaries; reinstalled when node_modules is missing or was installed from another lock file.
# Node.js itself comes from Debian's nodejs and npm when the machine has no node or npm.
install_node_peers() {
  local dir=interop-tests/node
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    install_debian_packages nodejs npm
  fi
  cmp -s "$dir/package-lock.json" "$dir/node_modules/.rtc4j-installed-lock" && return 0
  echo "test.sh: installing the node peers (npm ci --prefix $dir)"
  npm ci --prefix "$dir" --no-audit --no-fund >/dev/null
  cp "$dir/package-lock.json" "$dir/node_modules/.rtc4j-installed-lock"
}

install_node_peers

# Every module's tests, on the default JDK (17).
mvn -B -ntp verify

# A bounded coverage-guided fuzz run of each fuzz target (Jazzer fuzzes one target per JVM).
# A crash fails the build and leaves its input under the module's src/test/resources/...Inputs/.
for target in stun:StunDecoderFuzzTest#decodeStunMessage stun:StunDecoderFuzzTest#decodeChannelDataAndClassify \
              dtls-srtp:SrtpUnprotectFuzzTest#unprotectAnything dtls-srtp:DtlsReceiveFuzzTest#receiveAnything \
              sctp-datachannel:SctpPacketFuzzTest#decodePacket \
              sctp-datachannel:SctpAssociationFuzzTest#receiveAnything sctp-datachannel:DcepFuzzTest#decodeDcep \
              sdp:SdpParserFuzzTest#parseAnything rtp:RtpFuzzTest#parseRtp rtp:RtpFuzzTest#parseRtcp \
              rtp:RtpFuzzTest#depacketizeAnything; do
  JAZZER_FUZZ=1 JAZZER_MAX_DURATION="${RTC4J_FUZZ_SECONDS:-40}s" \
    mvn -B -ntp -q -pl "${target%%:*}" test -Dtest="${target#*:}" -Dsurefire.failIfNoSpecifiedTests=false
done

# rtc4j targets Java 17 and must also build and pass on Java 25 where it is installed.
jdk25=/usr/lib/jvm/temurin-25-jdk-amd64
if [ -x "$jdk25/bin/java" ]; then
  JAVA_HOME="$jdk25" mvn -B -ntp -q -pl stun,ice,dtls-srtp,rtp,sctp-datachannel,sdp,media,capture,app -am verify
fi
