package org.ncsparse.lab;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ncsparse.budget.CountBudget;

/** params.json: every parameter and seed of a run, the versions and the machine's core count. */
public final class Params {
    private Params() {}

    public static final String VERSION = "0.1.0";

    static byte[] json(Reproduction.Config c, SweepConfig main, SweepConfig bounded, double seconds) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tool", "ncsparse reproduce");
        m.put("ncsparse_version", VERSION);
        m.put("java_version", System.getProperty("java.version"));
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        m.put("available_processors", Runtime.getRuntime().availableProcessors());
        m.put("mode", c.mode());
        m.put("seed", c.seed());
        m.put("threads", c.threads());
        m.put("runtime_seconds", Math.round(seconds * 10) / 10.0);
        m.put("note", "CSVs depend only on the parameters below (not on threads); runtime_seconds is the only run-dependent field");
        m.put("gaussian_sweep", sweep(main, c.d()));
        m.put("bounded_sweep", sweep(bounded, bounded.workload().d()));
        m.put("bootstrap_resamples", c.bootstrap());
        m.put("theory_samples", c.theorySamples());
        m.put("theory_seed", org.ncsparse.theory.FiniteNTail.DEFAULT_SEED);
        m.put("phase_diagram", c.phaseDiagram());
        Map<String, Object> cl = new LinkedHashMap<>();
        ClaimsSettings cs = c.claims();
        cl.put("design", "independent Gaussian rows (fresh q and keys per row and n; every budget and spread law sees the same standard-normal draws)");
        cl.put("grid_n", cs.grid());
        cl.put("rows_per_n", cs.rows());
        cl.put("groups_for_kstar_intervals", cs.groups());
        cl.put("seed", c.seed() * 1_000_003L + 17);
        cl.put("causal_length", cs.causalLength());
        cl.put("causal_rows", cs.causalRows());
        cl.put("causal_seed", c.seed() * 65537 + 3);
        cl.put("real_encoder_lengths", cs.realLengths());
        cl.put("per_row_k_prefix", cs.kRow());
        cl.put("kstar_max_k", cs.kSel());
        cl.put("theory_samples", cs.theorySamples());
        m.put("claims", cl);
        return write(m);
    }

    static Map<String, Object> sweep(SweepConfig s, int d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("workload", s.workload().describe());
        m.put("distribution", s.workload().distribution().name().toLowerCase(java.util.Locale.ROOT));
        m.put("d", s.workload().d());
        m.put("dv", s.workload().dv());
        m.put("grid_n", s.grid());
        m.put("seeds", s.seeds());
        m.put("rows_per_n_and_seed", s.rows());
        List<Map<String, Object>> scales = new ArrayList<>();
        for (double sc : s.scales()) scales.add(Map.of("scale", sc, "sigma", sc * Math.sqrt(d)));
        m.put("scales", scales);
        m.put("eps", s.eps());
        List<Map<String, Object>> budgets = new ArrayList<>();
        for (CountBudget b : s.budgets()) {
            Map<String, Object> bm = new LinkedHashMap<>();
            bm.put("policy", b.spec());
            int[] ks = new int[s.grid().length];
            for (int i = 0; i < ks.length; i++) ks[i] = b.k(s.grid()[i]);
            bm.put("k_per_n", ks);
            budgets.add(bm);
        }
        m.put("budgets", budgets);
        m.put("kmass_taus", s.massTaus());
        m.put("probe_k", s.probeKs());
        m.put("full_matrix_max_n", s.fullMatrixMax());
        return m;
    }

    public static byte[] write(Object value) {
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
