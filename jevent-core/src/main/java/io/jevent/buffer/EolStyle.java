package io.jevent.buffer;

import io.jevent.buffer.internal.EolFinder;

/**
 * What ends a line for {@link EvBuffer#readLine(EolStyle)} and {@link EvBufferPtr#searchEol}: libevent's
 * {@code enum evbuffer_eol_style}, with the same five meanings.
 */
public enum EolStyle {
    /**
     * Any run of CR and LF characters ends the line ({@code EVBUFFER_EOL_ANY}). Ambiguous by design:
     * CR LF that arrived together is one end of line, but a CR that arrived alone ends a line at once
     * and the LF that follows later then ends an empty one.
     */
    ANY(EolFinder.ANY),
    /**
     * An LF, optionally preceded by a CR ({@code EVBUFFER_EOL_CRLF}): what most text-based internet
     * protocols accept. A CR with no LF after it yet is not an end of line.
     */
    CRLF(EolFinder.CRLF),
    /** Exactly CR LF ({@code EVBUFFER_EOL_CRLF_STRICT}); a lone CR or LF is part of the line. */
    CRLF_STRICT(EolFinder.CRLF_STRICT),
    /** A single LF ({@code EVBUFFER_EOL_LF}); a CR before it stays in the line. */
    LF(EolFinder.LF),
    /** A single NUL byte, value 0 ({@code EVBUFFER_EOL_NUL}). */
    NUL(EolFinder.NUL);

    /** The finder's code for this style. */
    final int code;

    EolStyle(int code) {
        this.code = code;
    }
}
