package org.ncsparse.model.bert;

/** How token states become one sentence vector (then L2-normalised). */
public enum Pooling {
    /** Mean of the token states (all-MiniLM-L6-v2, e5-small-v2). */
    MEAN,
    /** The [CLS] token state (bge-small-en-v1.5). */
    CLS
}
