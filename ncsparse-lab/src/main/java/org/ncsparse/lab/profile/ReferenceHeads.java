package org.ncsparse.lab.profile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ncsparse.model.bert.BertModel;
import org.ncsparse.model.bert.ModelId;
import org.ncsparse.model.bert.ModelStore;

/**
 * Real heads for the paper reproduction's phase diagram (SPEC §2): every layer and head of the
 * default model (all-MiniLM-L6-v2, shipped with the build) on one real text that ships with the
 * machine, at n = 512 tokens. Deterministic: no random input.
 */
public final class ReferenceHeads {
    private ReferenceHeads() {}

    public static final Path TEXT = Path.of("/usr/share/common-licenses/Apache-2.0");
    public static final int N = 512;

    public static ProfileResult minilm(int threads) throws IOException, Exception {
        return minilm(ProfileSettings.defaults(threads).withLengths(new int[] {N}));
    }

    /** The same model and text at the lengths and budgets of {@code s} (truncations of the one text). */
    public static ProfileResult minilm(ProfileSettings s) throws IOException, Exception {
        int threads = s.threads();
        if (!Files.isReadable(TEXT)) throw new IOException("reference text " + TEXT + " is not readable");
        try (BertModel model = ModelStore.load(ModelId.MINILM).threads(threads)) {
            return ModelProfiler.profile(model, List.of(Files.readString(TEXT)), s);
        }
    }
}
