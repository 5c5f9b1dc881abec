package org.ncsparse.lab.llm;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ncsparse.model.tokenizer.TextTokenizer;

/**
 * The passkey-retrieval prompt the long-context literature uses: an instruction, filler text with
 * one sentence stating a random number (the needle) inserted at a relative depth, then the question;
 * the model's greedy continuation must start with the number.
 *
 * <pre>[BOS] INTRO filler[0, a) NEEDLE filler[a, F) QUESTION     with a = round(depth · F), total = context tokens</pre>
 */
public final class Passkey {
    static final String INTRO = "There is an important piece of information hidden inside a lot of irrelevant text. Find it and memorize it. "
            + "I will quiz you about it.\n";
    static final String QUESTION = "\nWhat is the pass key? The pass key is";
    private static final Pattern DIGITS = Pattern.compile("\\d+");

    private final TextTokenizer tokenizer;
    private final int[] filler, intro, question;

    /** {@code fillerTokens}: the filler text's tokens, repeated as needed. */
    public Passkey(TextTokenizer tokenizer, int[] fillerTokens) {
        if (fillerTokens.length == 0) throw new IllegalArgumentException("the filler text has no tokens");
        this.tokenizer = tokenizer;
        this.filler = fillerTokens;
        this.intro = tokenizer.encode(INTRO);
        this.question = tokenizer.encode(QUESTION);
    }

    static String needle(String key) { return " The pass key is " + key + ". Remember it. " + key + " is the pass key. "; }

    /** The prompt of exactly {@code context} tokens with the needle for {@code key} at relative depth in [0, 1]. */
    public int[] prompt(int context, double depth, String key) {
        if (!(depth >= 0 && depth <= 1)) throw new IllegalArgumentException("depth must be in [0, 1], got " + depth);
        int[] needle = tokenizer.encode(needle(key));
        int bos = tokenizer.bos() >= 0 ? 1 : 0;
        int fixed = bos + intro.length + needle.length + question.length;
        int fill = context - fixed;
        if (fill < 1) throw new IllegalArgumentException("context " + context + " is too short for the passkey prompt (" + fixed + " tokens without filler)");
        int a = (int) Math.round(depth * fill);
        int[] ids = new int[context];
        int o = 0;
        if (bos == 1) ids[o++] = tokenizer.bos();
        System.arraycopy(intro, 0, ids, o, intro.length); o += intro.length;
        for (int i = 0; i < a; i++) ids[o++] = filler[i % filler.length];
        System.arraycopy(needle, 0, ids, o, needle.length); o += needle.length;
        for (int i = a; i < fill; i++) ids[o++] = filler[i % filler.length];
        System.arraycopy(question, 0, ids, o, question.length);
        return ids;
    }

    /** Tokens to generate: enough for " KEY." and a little slack. */
    public int answerBudget(String key) { return tokenizer.encode(" " + key + ".").length + 2; }

    /** Correct when the first run of digits in the answer is the key. */
    public static boolean correct(String answer, String key) {
        Matcher m = DIGITS.matcher(answer);
        return m.find() && m.group().equals(key);
    }
}
