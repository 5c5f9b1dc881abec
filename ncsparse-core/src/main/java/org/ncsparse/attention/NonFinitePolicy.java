package org.ncsparse.attention;

/** What attention does with NaN or infinite values in Q, K, V or the bias. */
public enum NonFinitePolicy {
    /**
     * Default: scan the inputs once and throw {@link IllegalArgumentException} naming the argument
     * and the first bad index. In the bias, -Infinity is allowed (it masks a key); NaN and
     * +Infinity are not.
     */
    REJECT,
    /** Skip the scan; results follow IEEE 754 arithmetic (a NaN input makes its rows NaN). */
    PROPAGATE
}
