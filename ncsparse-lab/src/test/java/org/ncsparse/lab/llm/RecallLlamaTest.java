package org.ncsparse.lab.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ncsparse.model.ModelRegistry;
import org.ncsparse.model.llm.AttentionMode;
import org.ncsparse.model.llm.CausalLm;
import org.ncsparse.model.llm.DecodeOptions;

/**
 * Sparse attention on a trained decoder: the passkey model shipped in {@code assets/recall-llama}
 * (3 layers, trained on the exact prompt {@code ncsparse needle} builds). Fresh random keys and
 * needle depths every run (seed printed). What must hold on a model whose retrieval heads are peaked:
 * exact attention finds the key; the paper's n^0.5 budget keeps (almost) every answer; a window that
 * cannot see the needle can only guess a 5-digit number, so it answers (almost) none.
 */
class RecallLlamaTest {
    static final Path ASSET = Path.of("../assets/recall-llama").toAbsolutePath().normalize();
    static CausalLm model;

    @BeforeAll static void open() throws Exception { model = ModelRegistry.openCausalLm(ASSET); }
    @AfterAll static void close() throws Exception { model.close(); }

    @Test void needleIsRetrievedByExactAndByThePowerBudgetButNotByAWindow() throws Exception {
        int[] filler = model.tokenizer().encode(Files.readString(ASSET.resolve("filler.txt")));
        long seed = System.nanoTime();
        System.out.println("[recall-llama] needle seed " + seed);
        // depths below 0.8: the needle lies more than 64 tokens before the question at both lengths
        NeedleEval.Config c = new NeedleEval.Config(new int[] {256, 768}, new double[] {0, 0.35, 0.7}, 4, 5, seed);
        List<AttentionMode> policies = Policies.parseAll(List.of("exact", "power:1,0.5", "sinkwindow:4,32"), AttentionMode.Selector.EXACT);
        NeedleResult r = NeedleEval.run(model, DecodeOptions.exact(64).withThreads(2), filler, c, policies, null, null);
        for (int p = 0; p < policies.size(); p++) System.out.printf("[recall-llama] %s: accuracy %.3f%n", r.policies().get(p), r.accuracy(p));
        assertThat(r.accuracy(0)).as("exact attention retrieves the key (trained to ~100%%)").isGreaterThanOrEqualTo(0.9);
        assertThat(r.accuracy(1)).as("power:1,0.5 keeps the retrieval").isGreaterThanOrEqualTo(r.accuracy(0) - 0.1);
        assertThat(r.accuracy(2)).as("a 4+32-token window never sees the needle: a 5-digit guess").isLessThanOrEqualTo(0.1);
    }
}
