package org.rtc4j.datachannel;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;

/**
 * A coverage-guided fuzz test (Jazzer) of the DCEP decoder. The contract: hostile bytes get a
 * {@link DataChannelException} and nothing else, and a message that decodes re-encodes to bytes that
 * decode to the same message (the input itself, without trailing bytes, when its strings are valid).
 *
 * <p>A plain {@code mvn test} runs it once per file in
 * {@code src/test/resources/org/rtc4j/datachannel/DcepFuzzTestInputs/decodeDcep/}. To fuzz:
 * {@code JAZZER_FUZZ=1 mvn -pl sctp-datachannel test -Dtest='DcepFuzzTest#decodeDcep'}.
 */
class DcepFuzzTest {
    @FuzzTest(maxDuration = "60s")
    void decodeDcep(byte[] input) throws DataChannelException {
        DcepMessage message;
        try {
            message = DcepMessage.decode(input, 0, input.length);
        } catch (DataChannelException expected) {
            return;
        }
        byte[] again = message.encode();
        if (!DcepMessage.decode(again, 0, again.length).equals(message)) {
            throw new AssertionError("re-encoding changed " + message);
        }
        if (!Arrays.equals(again, 0, again.length, input, 0, again.length)) {
            throw new AssertionError("re-encoding changed the bytes of " + message);
        }
    }
}
