package io.jevent.dns.internal;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * The parser on arbitrary bytes: it returns a message or throws {@link MalformedMessageException},
 * nothing else, and what it returns can be written again and read back. Plain test runs replay the
 * seeds under {@code MessageParserFuzzTestInputs}; the fuzz profile ({@code mvn -Pfuzz verify}, or
 * CI) has Jazzer search for new inputs for 30 s.
 */
class MessageParserFuzzTest {
    @FuzzTest(maxDuration = "4s")
    void parsesOrRefusesAnyBytes(byte[] input) {
        Message m;
        try {
            m = MessageParser.parse(input, input.length);
        } catch (MalformedMessageException refused) {
            return;
        }
        byte[] again;
        try {
            again = new MessageWriter().write(m, 0).toByteArray();
        } catch (IllegalArgumentException unwritable) {
            // Labels with dots or empty labels read from the wire cannot be written as text names.
            return;
        }
        try {
            Message back = MessageParser.parse(again, again.length);
            if (back.answers.size() != m.answers.size() || back.questions.size() != m.questions.size()) {
                throw new AssertionError("a message written again lost records: " + m + " / " + back);
            }
        } catch (MalformedMessageException e) {
            throw new AssertionError("a message written again does not parse: " + m, e);
        }
    }
}
