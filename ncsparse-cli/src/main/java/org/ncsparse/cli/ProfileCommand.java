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
                "Writes points.csv, fits.csv, profile.json, PNG plots and index.html to --out."})
public final class ProfileCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    static final List<String> DEFAULT_TEXTS = List.of("GPL-3", "Apache-2.0", "MPL-2.0", "LGPL-2.1");

    @Mixin ModelOptions modelOptions;

    @Option(names = "--text", arity = "1..*", paramLabel = "FILE",
            description = "Text files to profile on (default: GPL-3, Apache-2.0, MPL-2.0, LGPL-2.1 from /usr/share/common-licenses).")
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

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default out/profile-<model or dump name>).") Path out;

    @Override
    public Integer call() throws Exception {
        int threads = modelOptions.threads != null ? modelOptions.threads : Runtime.getRuntime().availableProcessors();
        ProfileSettings s = ProfileSettings.defaults(threads);
        if (budgets != null) {
            List<BudgetPolicy> bs = new ArrayList<>();
            for (String b : budgets) bs.add(BudgetPolicy.parse(b));
            s = s.withBudgets(bs);
        }
        ProfileResult r;
        if (qk != null) {
            try (DumpFile dump = DumpFile.open(qk)) {
                List<QkDump.Layer> layers = QkDump.layers(dump);
                int n = layers.stream().mapToInt(QkDump.Layer::n).min().orElseThrow();
                int[] ns = lengths != null ? lengths : powersOfTwo(64, n);
                s = s.withLengths(ns).withRows(rows != null ? rows : 64).withCausal(causal);
                r = DumpProfiler.profile(qk.getFileName().toString(), layers, s, scale == null ? Float.NaN : scale);
            }
            if (out == null) out = Path.of("out", "profile-" + qk.getFileName().toString().replaceAll("[^A-Za-z0-9._-]", "_"));
        } else {
            if (lengths != null) s = s.withLengths(lengths);
            if (rows != null) s = s.withRows(rows);
            List<String> docs = new ArrayList<>();
            if (texts == null) for (String t : DEFAULT_TEXTS) docs.add(Files.readString(Path.of("/usr/share/common-licenses", t)));
            else for (Path p : texts) docs.add(Files.readString(p));
            try (BertModel model = modelOptions.load()) {
                r = ModelProfiler.profile(model, docs, s);
            }
            if (out == null) out = Path.of("out", "profile-" + modelOptions.model);
        }
        ProfileWriter.write(r, out);
        spec.commandLine().getOut().println(ProfileWriter.summaryText(r));
        spec.commandLine().getOut().println("wrote " + out.resolve("index.html"));
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
