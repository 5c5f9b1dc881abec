package org.ncsparse.cli;

import org.ncsparse.budget.BudgetPolicy;
import org.ncsparse.lab.profile.DumpProfiler;
import org.ncsparse.lab.profile.ModelProfiler;
import org.ncsparse.lab.profile.ProfileResult;
import org.ncsparse.lab.profile.ProfileSettings;
import org.ncsparse.lab.profile.ProfileWriter;
import org.ncsparse.model.bert.BertModel;
import org.ncsparse.model.dump.DumpFile;
import org.ncsparse.model.dump.QkDump;
import org.ncsparse.lab.StagedFolder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code ncsparse profile}: per layer/head attention sparsity of a real model or of dumped Q/K. */
@Command(name = "profile", mixinStandardHelpOptions = true,
        description = {"Per layer and head: S_eps, k_mass(0.9/0.99), dropped mass of alpha*n^C budgets and a fitted (alpha, C),",
                "over n = 32..512 token truncations of real text (--model), or over Q/K you dumped (--qk, see docs/DUMPS.md).",
                "Writes points.csv, fits.csv, profile.json, PNG plots and index.html to --out (default reports/profile-<source>-<time>)."},
        footer = {"", "Examples:", "  ncsparse profile --model minilm --lengths 64,128,256", "  ncsparse profile --qk dump.safetensors --causal --rows 32"})
public final class ProfileCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    static final List<String> DEFAULT_TEXTS = List.of("GPL-3", "Apache-2.0", "MPL-2.0", "LGPL-2.1");

    @Mixin ModelOptions modelOptions;

    @Option(names = "--text", arity = "1..*", paramLabel = "FILE",
            description = "Text files to profile on (default: GPL-3, Apache-2.0, MPL-2.0, LGPL-2.1 from /usr/share/common-licenses); the first 1 MiB of each is read, with a note when a file is longer.")
    List<Path> texts;

    @Option(names = "--qk", paramLabel = "FILE", description = "Profile dumped Q/K instead: a .safetensors file, a .npy file or a directory of .npy (docs/DUMPS.md).")
    Path qk;

    @Option(names = "--causal", description = "With --qk: causal mask (decoder models).") boolean causal;

    @Option(names = "--scale", paramLabel = "S", description = "With --qk: logit scale (default 1/sqrt(d)).") Float scale;

    @Option(names = "--lengths", split = ",", paramLabel = "N", description = "Context lengths (default 32,64,128,256,512; with --qk powers of 2 from 64 to the dump's n).")
    int[] lengths;

    @Option(names = "--rows", paramLabel = "R", description = "Query rows sampled per head and length (default: all for --model, 64 for --qk).")
    Integer rows;

    @Option(names = "--budgets", split = " ", paramLabel = "POLICY",
            description = "Budgets whose dropped mass is reported (default: power:1,0.5 power:2,0.5 power:1,0.75 fixed:32 log:4).")
    List<String> budgets;

    @Mixin OutputOptions output;

    @Override
    public Integer call() throws Exception {
        int threads = CliSupport.threads(spec, modelOptions.threads);
        if (scale != null && !(Float.isFinite(scale) && scale > 0)) throw new IllegalArgumentException("--scale must be a finite number > 0, got " + scale);
        if (scale != null && qk == null) throw new IllegalArgumentException("--scale applies to --qk dumps only (a model uses its own scale)");
        if (rows != null && rows < 1) throw new IllegalArgumentException("--rows must be >= 1, got " + rows);
        if (lengths != null) for (int n : lengths) if (n < 2) throw new IllegalArgumentException("--lengths must be >= 2, got " + n);
        ProfileSettings s = ProfileSettings.defaults(threads);
        if (budgets != null) {
            List<BudgetPolicy> bs = new ArrayList<>();
            for (String b : budgets) bs.add(BudgetPolicy.parse(b));
            s = s.withBudgets(bs);
        }
        ProfileResult r;
        if (qk != null && Files.exists(qk) && !Files.isRegularFile(qk) && !Files.isDirectory(qk))
            throw new IllegalArgumentException("--qk: " + qk + " is not a regular file or folder (a device or pipe); give a .safetensors or .npy file or a folder of .npy");
        if (qk != null) {
            try (StagedFolder staged = output.open(spec, "profile-" + qk.getFileName());
                 DumpFile dump = DumpFile.open(qk)) {
                List<QkDump.Layer> layers = QkDump.layers(dump);
                int n = layers.stream().mapToInt(QkDump.Layer::n).min().orElseThrow();
                if (lengths != null) for (int l : lengths)
                    if (l > n) throw new IllegalArgumentException("--lengths: " + l + " is longer than the dump (n = " + n + "); allowed: 2.." + n);
                int[] ns = lengths != null ? lengths : powersOfTwo(64, n);
                s = s.withLengths(ns).withRows(rows != null ? rows : 64).withCausal(causal);
                long heads = layers.stream().mapToLong(QkDump.Layer::heads).sum();
                try (Progress progress = Progress.start(spec, heads)) {
                    progress.note("profiling " + layers.size() + " layers, " + heads + " heads of " + qk.getFileName());
                    r = DumpProfiler.profile(qk.getFileName().toString(), layers, s, scale == null ? Float.NaN : scale, () -> progress.step("head done"));
                }
                return finish(r, staged);
            }
        }
        if (causal) throw new IllegalArgumentException("--causal applies to --qk dumps only (the encoders are bidirectional)");
        try (StagedFolder staged = output.open(spec, "profile-" + modelOptions.model);
             BertModel model = modelOptions.load()) {
            int positions = model.config().positions();
            if (lengths != null) for (int l : lengths)
                if (l > positions) throw new IllegalArgumentException("--lengths: " + l + " exceeds the model's " + positions + " positions; allowed: 2.." + positions);
            if (lengths != null) s = s.withLengths(lengths);
            if (rows != null) s = s.withRows(rows);
            List<String> docs = new ArrayList<>();
            if (texts == null) for (String t : DEFAULT_TEXTS) docs.add(Files.readString(Path.of("/usr/share/common-licenses", t)));
            else for (Path p : texts) docs.add(TextInput.readNoting(spec, "--text", p, TEXT_LIMIT));
            try (Progress progress = Progress.start(spec, (long) s.lengths().length * docs.size())) {
                progress.note("profiling " + model.name() + " on " + docs.size() + " texts at n = " + Arrays.toString(s.lengths()));
                ProfileSettings settings = s;
                r = ModelProfiler.profile(model, docs, settings, () -> progress.step("text done"));
            }
            return finish(r, staged);
        }
    }

    /** Text read per --text file: far more than the 512 tokens a model reads. */
    static final long TEXT_LIMIT = 1L << 20;

    private int finish(ProfileResult r, StagedFolder staged) throws java.io.IOException {
        ProfileWriter.write(r, staged.dir());
        staged.commit();
        for (String sentence : ProfileWriter.summaryText(r).split("(?<=\\.) (?=[A-Z])")) spec.commandLine().getOut().println(sentence);
        spec.commandLine().getOut().println("wrote " + staged.target().resolve("index.html"));
        return 0;
    }

    static int[] powersOfTwo(int from, int n) {
        List<Integer> ns = new ArrayList<>();
        for (int x = from; x < n; x *= 2) ns.add(x);
        ns.add(n);
        return ns.stream().mapToInt(Integer::intValue).distinct().sorted().toArray();
    }

    @Override public String toString() { return "profile " + Arrays.toString(lengths); }
}
