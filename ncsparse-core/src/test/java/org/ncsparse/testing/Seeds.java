package org.ncsparse.testing;

import java.util.ArrayList;
import java.util.List;

/**
 * Fresh seeds for randomised tests. Each seed is remembered for the running test and printed by
 * {@link PrintSeedsOnFailure} when the test fails; run with -Dncsparse.seed=N to replay one.
 */
public final class Seeds {
    private Seeds() {}

    private static final ThreadLocal<List<String>> CURRENT = ThreadLocal.withInitial(ArrayList::new);

    public static long fresh(String label) {
        String forced = System.getProperty("ncsparse.seed");
        long seed = forced != null ? Long.parseLong(forced) : System.nanoTime() ^ label.hashCode() * 0x9E3779B97F4A7C15L;
        CURRENT.get().add(label + " = " + seed);
        return seed;
    }

    static List<String> drain() {
        List<String> seeds = List.copyOf(CURRENT.get());
        CURRENT.get().clear();
        return seeds;
    }
}
