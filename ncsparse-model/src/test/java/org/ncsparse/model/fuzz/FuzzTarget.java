package org.ncsparse.model.fuzz;

import java.util.List;

/**
 * One file reader under fuzzing: valid seed files, a dictionary of tokens worth splicing in, and
 * the code that consumes one input. A target may only end normally or throw one of the
 * {@link #expected} exception types with a non-blank message; anything else is a crash.
 */
public interface FuzzTarget {
    String name();

    List<byte[]> seeds() throws Exception;

    /** Tokens for dictionary mutations (numbers, keywords, punctuation of the format). */
    List<byte[]> dictionary();

    /** Reads {@code input} the way a user's file would be read, to the end. */
    void run(byte[] input) throws Exception;

    /** The exceptions that mean "refused with a message" for this reader. */
    default boolean expected(Throwable t) {
        return t instanceof java.io.IOException || t instanceof IllegalArgumentException
                || t instanceof java.io.UncheckedIOException;
    }
}
