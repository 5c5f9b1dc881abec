package org.ncsparse.lab.llm;

import java.util.Locale;
import org.ncsparse.model.llm.LmInfo;

/**
 * Whether a report must warn that the model's weights are random (or untrained), and why. Three
 * signals: the caller says so ({@code --random-weights}, which the tests and the speed benchmark
 * pass), the model's family or path names it ("random"), or the exact perplexity on the text is at
 * least half the vocabulary size (a near-uniform predictor: no trained model scores real text so).
 */
public record WeightsNotice(boolean random, String reason) {
    public static final WeightsNotice NONE = new WeightsNotice(false, "");

    public static WeightsNotice detect(LmInfo info, boolean flagged) {
        if (flagged) return new WeightsNotice(true, "the run was started with --random-weights");
        String name = (info.family() + " " + info.source()).toLowerCase(Locale.ROOT);
        if (name.contains("random")) return new WeightsNotice(true, "the model's name or path says it is random (" + LlmPage.name(info) + ")");
        return NONE;
    }

    /** Adds the perplexity signal to this notice. */
    public WeightsNotice withPerplexity(double exactPerplexity, int vocab) {
        if (random || !(exactPerplexity >= 0.5 * vocab)) return this;
        return new WeightsNotice(true, String.format(Locale.ROOT,
                "its exact perplexity on this text, %.1f, is at least half its vocabulary (%d): it predicts no better than a near-uniform guess", exactPerplexity, vocab));
    }

    /** The sentence a report puts in its header, or "" when nothing needs saying. */
    public String sentence() {
        if (!random) return "";
        return "This model has random (untrained) weights: " + reason + ". Its perplexity, retrieval accuracy and attention "
                + "statistics say how the code behaves, not how sparse attention affects a trained model; the numbers mean little.";
    }
}
