package org.ncsparse.attention;

/** What attention does with NaN or infinite values in Q, K, V or the bias. */
public enum NonFinitePolicy {
    /**
     * Default: scan the inputs once, in {@code build()}, and throw {@link IllegalArgumentException}
     * naming the argument and the first bad index. In the bias, -Infinity is allowed (it masks a
     * key); NaN and +Infinity are not. Finite inputs large enough to overflow float32 (logits or the
     * weighted sum of values) are refused too, naming the largest element.
     */
    REJECT,
    /** Skip every value check; results follow IEEE 754 arithmetic (a NaN input makes its rows NaN, an overflow gives ±Infinity or NaN). */
    PROPAGATE
}
