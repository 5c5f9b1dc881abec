package org.ncsparse.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.ncsparse.budget.BudgetPolicy;
import org.ncsparse.model.ModelRegistry;
import org.ncsparse.model.llm.AttentionMode;
import org.ncsparse.model.llm.CausalLm;
import org.ncsparse.model.llm.DecodeOptions;
import org.ncsparse.model.llm.Generation;
import org.ncsparse.model.llm.Sampler;
import org.ncsparse.model.llm.SessionStats;
import org.ncsparse.model.tokenizer.TextTokenizer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ncsparse generate}: text (or ids) in, a continuation out, with exact or n^C-sparse attention. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Generates a continuation with a Llama-family model (Llama 2/3, Mistral, Qwen2) from a Hugging Face",
                "folder (config.json + *.safetensors + tokenizer.json) or a GGUF file. Every layer and head attends exactly",
                "or keeps the top-k keys of a budget policy, k evaluated per layer and head with n = the current cache",
                "length. Prints the generated text; --json prints one object with the new ids, tokens/s of prefill and",
                "decode, the share of decode time spent in attention and, with --selector pages, the certified rows."},
        footer = {"", "Examples:",
                "  ncsparse generate --model ./Llama-3.2-1B --prompt 'The capital of France is' --max-new 20",
                "  ncsparse generate --model model.gguf --ids 1,450,7483 --attention sinkwindow:4,256+power:1,0.5 --json",
                "  ncsparse generate --model model.gguf --prompt 'Once' --attention power:1,0.5 --selector pages"})
public final class GenerateCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "PATH", description = "Hugging Face model folder (or its config.json) or a .gguf file.")
    Path model;

    @ArgGroup(exclusive = true, multiplicity = "1") Input input;

    static final class Input {
        @Option(names = "--prompt", paramLabel = "TEXT", description = "Prompt text (tokenized with the model's tokenizer; BOS prepended when the tokenizer's convention has one).")
        String prompt;
        @Option(names = "--ids", split = ",", paramLabel = "ID", description = "Prompt token ids, used as given (e.g. 1,2,3).")
        int[] ids;
    }

    @Option(names = "--max-new", defaultValue = "32", paramLabel = "N", description = "Tokens to generate at most. Default ${DEFAULT-VALUE}.") int maxNew;
    @Option(names = "--attention", defaultValue = "exact", paramLabel = "POLICY",
            description = "exact, or a budget policy: fixed:K, power:ALPHA,C, log:ALPHA, threshold:EPS, mass:TAU, sinkwindow:S,W, joined by '+'. Default ${DEFAULT-VALUE}.")
    String attention;
    @Option(names = "--selector", defaultValue = "exact", paramLabel = "exact|pages",
            description = "How decode steps find the kept keys: exact top-k over all logits, or page-bound selection (count budgets only). Default ${DEFAULT-VALUE}.")
    String selector;
    @Option(names = "--temperature", defaultValue = "0", paramLabel = "T", description = "0 = greedy; > 0 samples. Default ${DEFAULT-VALUE}.") float temperature;
    @Option(names = "--top-p", defaultValue = "1", paramLabel = "P", description = "Nucleus sampling mass in (0, 1]. Default ${DEFAULT-VALUE}.") float topP;
    @Option(names = "--seed", defaultValue = "42", paramLabel = "S", description = "Sampling seed. Default ${DEFAULT-VALUE}.") long seed;
    @Option(names = "--threads", paramLabel = "T", description = "Threads for matrix products and heads. Default: available processors.") Integer threads;
    @Option(names = "--page-size", defaultValue = "64", paramLabel = "TOKENS", description = "KV-cache page size (the page selector's granularity). Default ${DEFAULT-VALUE}.") int pageSize;
    @Option(names = "--kv", defaultValue = "F32", paramLabel = "F32|F16|BF16",
            description = "KV-cache element type: F16/BF16 store keys and values rounded to 16 bits (half the cache memory; attention runs on the rounded values). Default ${DEFAULT-VALUE}.")
    DecodeOptions.KvType kv;
    @Option(names = "--no-bos", description = "Do not prepend the beginning-of-sequence token to --prompt.") boolean noBos;
    @Option(names = "--ignore-eos", description = "Keep generating after the end-of-sequence token.") boolean ignoreEos;
    @picocli.CommandLine.Mixin JsonOption json;

    @Override
    public Integer call() throws Exception {
        if (maxNew < 0) throw new ParameterException(spec.commandLine(), "--max-new must be >= 0, got " + maxNew);
        if (pageSize < 1 || pageSize > 4096) throw new ParameterException(spec.commandLine(), "--page-size must be in [1, 4096], got " + pageSize);
        int t = CliSupport.threads(spec, threads);
        AttentionMode mode = attentionMode();
        Sampler sampler;
        try { sampler = new Sampler(temperature, topP, seed); }
        catch (IllegalArgumentException e) { throw new ParameterException(spec.commandLine(), e.getMessage().replace("top-p", "--top-p").replace("temperature", "--temperature")); }
        PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        try (CausalLm lm = ModelRegistry.openCausalLm(model)) {
            var info = lm.info();
            err.printf(Locale.ROOT, "[generate] %s: %s, %d layers, %d heads (%d kv), hidden %d, %s weights%n", model, info.family(), info.layers(),
                    info.heads(), info.kvHeads(), info.hidden(), info.weightType());
            TextTokenizer tok = null;
            int[] prompt;
            if (input.prompt != null) {
                tok = lm.tokenizer();
                int[] ids = tok.encode(input.prompt);
                prompt = !noBos && tok.bos() >= 0 ? prepend(tok.bos(), ids) : ids;
            } else {
                prompt = input.ids;
                for (int id : prompt)
                    if (id < 0 || id >= info.vocab()) throw new ParameterException(spec.commandLine(), "--ids: " + id + " is outside the vocabulary [0, " + info.vocab() + ")");
                try { tok = lm.tokenizer(); } catch (IllegalStateException | IllegalArgumentException e) { err.println("[generate] no tokenizer (" + e.getMessage() + "): printing ids"); }
            }
            if (prompt.length == 0) throw new ParameterException(spec.commandLine(), "--prompt produced no tokens");
            int eos = ignoreEos || tok == null ? -1 : tok.eos();
            DecodeOptions options = new DecodeOptions(mode, t, prompt.length + Math.max(1, maxNew), pageSize, kv, null);
            err.printf(Locale.ROOT, "[generate] prompt %d tokens, attention %s, %d threads, %s KV cache%n", prompt.length, mode.label(), t, kv);
            err.flush();
            TextStream stream = json.toStdout() || tok == null ? null : new TextStream(tok, out);
            Generation g = Generation.run(lm, options, prompt, maxNew, sampler, eos, stream);
            SessionStats st = g.stats();
            err.printf(Locale.ROOT, "[generate] prefill %.1f tokens/s, decode %.2f tokens/s, attention %.1f%% of decode%s%n",
                    st.prefillTokensPerSecond(), st.decodeTokensPerSecond(), 100 * st.attentionShare(),
                    st.selectedRows() > 0 ? String.format(Locale.ROOT, ", %d of %d page-selected rows certified exact", st.certifiedRows(), st.selectedRows()) : "");
            String text = tok == null ? null : tok.decode(g.generated());
            if (json.requested()) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("model", model.toString());
                o.put("family", info.family());
                o.put("attention", mode.exact() ? "exact" : mode.budget().spec());
                o.put("kv", kv.name());
                o.put("selector", mode.selector().name().toLowerCase(Locale.ROOT));
                o.put("prompt", prompt);
                o.put("generated", g.generated());
                o.put("text", text);
                o.put("stopped", g.reachedEos() ? "eos" : "max-new");
                o.put("prefill_tokens", st.prefillTokens());
                o.put("prefill_tokens_per_s", st.prefillTokensPerSecond());
                o.put("decode_tokens", st.decodeTokens());
                o.put("decode_tokens_per_s", st.decodeTokensPerSecond());
                o.put("attention_share", st.attentionShare());
                o.put("selected_rows", st.selectedRows());
                o.put("certified_rows", st.certifiedRows());
                o.put("certified_fraction", st.selectedRows() == 0 ? null : (double) st.certifiedRows() / st.selectedRows());
                o.put("threads", t);
                json.write(spec, o);
            }
            if (!json.toStdout()) { // with --json FILE.json the text still goes to stdout
                if (stream != null) stream.finish();
                else out.println(java.util.Arrays.toString(g.generated()).replaceAll("[\\[\\] ]", ""));
            }
            out.flush();
        }
        return 0;
    }

    private AttentionMode attentionMode() {
        AttentionMode.Selector sel = switch (selector.toLowerCase(Locale.ROOT)) {
            case "exact" -> AttentionMode.Selector.EXACT;
            case "pages" -> AttentionMode.Selector.PAGES;
            default -> throw new ParameterException(spec.commandLine(), "--selector must be exact or pages, got '" + selector + "'");
        };
        BudgetPolicy budget = null;
        if (!attention.trim().equalsIgnoreCase("exact")) {
            try { budget = BudgetPolicy.parse(attention); }
            catch (IllegalArgumentException e) { throw new ParameterException(spec.commandLine(), "--attention: " + e.getMessage()); }
        }
        if (sel == AttentionMode.Selector.PAGES && budget != null && !(budget instanceof org.ncsparse.budget.CountBudget))
            throw new ParameterException(spec.commandLine(), "--selector pages needs a count budget (fixed:K, power:A,C or log:A), got '" + attention + "'");
        try { return new AttentionMode(budget, sel); }
        catch (IllegalArgumentException e) { throw new ParameterException(spec.commandLine(), e.getMessage()); }
    }

    /**
     * Prints the continuation while it is generated: after each token, the text of all tokens so far is
     * decoded and its new suffix printed, held back while it ends inside a multi-byte character (U+FFFD).
     */
    private static final class TextStream implements java.util.function.IntConsumer {
        private final TextTokenizer tok;
        private final PrintWriter out;
        private int[] ids = new int[16];
        private int n;
        private String printed = "";

        TextStream(TextTokenizer tok, PrintWriter out) { this.tok = tok; this.out = out; }

        @Override public void accept(int id) {
            if (n == ids.length) ids = java.util.Arrays.copyOf(ids, 2 * n);
            ids[n++] = id;
            String text = tok.decode(java.util.Arrays.copyOf(ids, n));
            if (!text.endsWith("\uFFFD") && text.startsWith(printed)) {
                out.print(text.substring(printed.length()));
                out.flush();
                printed = text;
            }
        }

        void finish() {
            String text = tok.decode(java.util.Arrays.copyOf(ids, n));
            out.println(text.startsWith(printed) ? text.substring(printed.length()) : "\n" + text);
        }
    }

    private static int[] prepend(int first, int[] rest) {
        int[] a = new int[rest.length + 1];
        a[0] = first;
        System.arraycopy(rest, 0, a, 1, rest.length);
        return a;
    }
}
