package org.rtc4j.ice;

/** The state of a candidate pair in a checklist (RFC 8445 §6.1.2.6). */
public enum CandidatePairState {
    FROZEN, WAITING, IN_PROGRESS, SUCCEEDED, FAILED
}
