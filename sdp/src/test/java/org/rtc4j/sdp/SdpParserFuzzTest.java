package org.rtc4j.sdp;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * A coverage-guided fuzz test (Jazzer) of the SDP parser, the writer and every typed getter.
 *
 * <p>The contract under test: any bytes either parse or fail with {@link SdpParseException}; what
 * parses writes back to text that parses to an equal description and writes back the same again
 * (and to the input itself, byte for byte, when the input ends every line with CRLF); every typed
 * getter returns or throws {@link SdpParseException}, nothing else; a value a getter returns
 * writes back through its {@code toLine()} to a line that reads the same.
 *
 * <p>A plain {@code mvn test} runs {@link #parseAnything} once per file in
 * {@code src/test/resources/org/rtc4j/sdp/SdpParserFuzzTestInputs/parseAnything/}: the real and
 * hand-written descriptions of {@link SdpRoundTripTest}, and any {@code crash-*} file an earlier
 * fuzzing run left there. To fuzz for its {@code maxDuration} (60 s):
 *
 * <pre>
 * JAZZER_FUZZ=1 mvn -pl sdp test -Dtest='SdpParserFuzzTest#parseAnything'
 * </pre>
 *
 * {@code JAZZER_MAX_DURATION=10m} overrides the duration. The corpus it grows goes to
 * {@code sdp/.cifuzz-corpus/} (git-ignored).
 */
class SdpParserFuzzTest {
    /** Small limits, so that the fuzzer reaches them. */
    private static final SdpParser SMALL = new SdpParser(4096, 64, 4);
    /** No practical limit, for the written form, which may be longer than the input (CRLF for LF). */
    private static final SdpParser UNLIMITED = new SdpParser(Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE);

    @FuzzTest(maxDuration = "60s")
    void parseAnything(byte[] input) {
        SessionDescription d;
        try {
            d = SdpParser.DEFAULT.parse(input);
        } catch (SdpParseException e) {
            check(e.getMessage() != null && e.lineNumber() >= 0, () -> "an exception without a message or line number");
            // A tighter parser refuses too (it may refuse earlier, for a limit).
            try {
                SMALL.parse(input);
                throw new AssertionError("the small parser accepts what the default one refuses: " + e.getMessage());
            } catch (SdpParseException expected) {
                // as it should
            }
            return;
        }
        String text = d.toString();
        SessionDescription again;
        try {
            again = UNLIMITED.parse(text);
        } catch (SdpParseException e) {
            throw new AssertionError("the written form does not parse: " + e.getMessage() + "\n" + text, e);
        }
        check(again.equals(d) && again.hashCode() == d.hashCode(), () -> "the written form parses to another model\n" + text);
        check(again.toString().equals(text), () -> "writing is not stable");
        String in = new String(input, StandardCharsets.UTF_8);
        if (in.endsWith("\r\n") && in.replace("\r\n", "").indexOf('\n') < 0) {
            check(Arrays.equals(d.toBytes(), input), () -> "a CRLF input is not written back byte for byte");
        }
        check(lineCount(d) == in.split("\n", -1).length - (in.endsWith("\n") ? 1 : 0), () -> "lines were lost or added");

        List<SdpParseException> errors = TypedReader.readAll(d);
        for (SdpParseException e : errors) {
            check(e.lineNumber() > 0 && e.line().isPresent(), () -> "a getter's exception names no line: " + e.getMessage());
        }
        check(TypedReader.readAll(again).size() == errors.size(), () -> "the written form reads differently");

        // Built from its own lines, the description is accepted and equal.
        check(SessionDescription.of(d.lines(), d.media().stream().map(m -> MediaDescription.of(m.lines())).toList())
                .equals(d), () -> "rebuilt from its lines, the description differs");
    }

    private static int lineCount(SessionDescription d) {
        return d.lines().size() + d.media().stream().mapToInt(m -> m.lines().size()).sum();
    }

    private static void check(boolean condition, Supplier<String> what) {
        if (!condition) {
            throw new AssertionError(what.get());
        }
    }
}
