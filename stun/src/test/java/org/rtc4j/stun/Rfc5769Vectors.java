package org.rtc4j.stun;

import java.util.HexFormat;

/** The test vectors of RFC 5769 §2 and RFC 8489 Appendix B.1, as data. */
final class Rfc5769Vectors {
    private Rfc5769Vectors() {
    }

    static final String SHORT_TERM_USERNAME = "evtj:h6vY";
    static final String SHORT_TERM_PASSWORD = "VOkJxbRl1RmTxUk/WvJxBt";

    /** §2.1: a Binding request with SOFTWARE, PRIORITY, ICE-CONTROLLED, USERNAME, MI, FINGERPRINT. */
    static final byte[] REQUEST = hex(
            "000100582112a442b7e7a701bc34d686fa87dfae"
            + "802200105354554e20746573742063" + "6c69656e74"
            + "002400046e0001ff"
            + "80290008932ff9b151263b36"
            + "000600096576746a3a68367659202020"
            + "000800149aeaa70cbfd8cb56781ef2b5b2d3f249c1b571a2"
            + "80280004e57a3bcf");

    /** §2.2: a Binding success with SOFTWARE, XOR-MAPPED-ADDRESS 192.0.2.1:32853, MI, FINGERPRINT. */
    static final byte[] IPV4_RESPONSE = hex(
            "0101003c2112a442b7e7a701bc34d686fa87dfae"
            + "8022000b7465737420766563746f7220"
            + "002000080001a147e112a643"
            + "000800142b91f599fd9e90c38c7489f92af9ba53f06be7d7"
            + "80280004c07d4c96");

    /** §2.3: as §2.2 with XOR-MAPPED-ADDRESS [2001:db8:1234:5678:11:2233:4455:6677]:32853. */
    static final byte[] IPV6_RESPONSE = hex(
            "010100482112a442b7e7a701bc34d686fa87dfae"
            + "8022000b7465737420766563746f7220"
            + "002000140002a1470113a9faa5d3f179bc25f4b5bed2b9d9"
            + "00080014a382954e4be67bf11784c97c8292c275bfe3ed41"
            + "80280004c8fb0b4c");

    /** §2.4: a Binding request with long-term credentials (username マトリックス, realm example.org). */
    static final byte[] LONG_TERM_REQUEST = hex(
            "000100602112a44278ad3433c6ad72c029da412e"
            + "00060012e3839ee38388e383aae38383e382afe382b90000"
            + "0015001c662f2f3439396b393534643" + "64f4c33346f4c394653547679363473" + "41"
            + "0014000b6578616d706c652e6f726700"
            + "00080014f67024656dd64a3e02b8e0712e85c9a28ca89666");

    static final String LONG_TERM_USERNAME = "\u30DE\u30C8\u30EA\u30C3\u30AF\u30B9";
    static final String LONG_TERM_PASSWORD = "The\u00ADM\u00AAtr\u2168";
    static final String LONG_TERM_NONCE = "f//499k954d6OL34oL9FSTvy64sA";
    static final String LONG_TERM_REALM = "example.org";

    /** RFC 8489 Appendix B.1: USERHASH, NONCE, REALM, PASSWORD-ALGORITHM SHA-256, MI-SHA256. */
    static final byte[] SHA256_REQUEST = hex(
            "000100902112a44278ad3433c6ad72c029da412e"
            + "001e00204a3cf38fef6992bda952c6780417da0f248194" + "15569e60b205c46e41407f1704"
            + "001500296f624d61744a6f7332414141436" + "62f2f3439396b393534643" + "64f4c33346f4c394653547679363473" + "41000000"
            + "0014000b6578616d706c652e6f726700"
            + "001d000400020000"
            + "001c0020b5c7bf005b6c52a21c51c5e892f81924136296cb927c43149309278cc6518e65");

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }
}
