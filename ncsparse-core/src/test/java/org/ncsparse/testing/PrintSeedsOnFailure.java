package org.ncsparse.testing;

import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/** Auto-registered (META-INF/services): prints the seeds a failed test drew, with the replay flag. */
public final class PrintSeedsOnFailure implements BeforeEachCallback, TestWatcher {
    @Override public void beforeEach(ExtensionContext context) { Seeds.drain(); }

    @Override public void testFailed(ExtensionContext context, Throwable cause) {
        for (String s : Seeds.drain())
            System.err.println("[seed] " + context.getDisplayName() + ": " + s + "  (replay with -Dncsparse.seed=<value>)");
    }

    @Override public void testSuccessful(ExtensionContext context) { Seeds.drain(); }
}
