package org.ncsparse.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A seconds-long end-to-end run, determinism across runs and thread counts, and the output folder rules. */
class ReproductionTest {
    @TempDir Path tmp;

    @Test void tinyRunWritesTheWholeReportAndIsDeterministic() throws Exception {
        OutputFolder a = Reproduction.run(Reproduction.Config.tiny(5, 1), null);
        OutputFolder b = Reproduction.run(Reproduction.Config.tiny(5, 2), null);
        Map<String, byte[]> fa = a.files(), fb = b.files();
        assertThat(fa.keySet()).contains("index.html", "params.json", "fig1.csv", "fig2.csv", "verdicts.csv", "collapse.csv",
                "theory_tau.csv", "kstar.csv", "bounded.csv", "fig1_sigma8.png", "fig1_sigma1.png", "fig2_sigma8_dropped_mass.png",
                "fig2_sigma1_dropped_mass.png", "collapse_kmass.png", "theory_tau_sigma8.png", "bounded.png",
                "claims.csv", "equal_compute.csv", "equal_compute_per_n.csv", "c_sweep.csv", "c_sweep.png", "spread.csv", "spread.png", "causal.csv", "variance.csv");
        for (String name : fa.keySet()) if (name.endsWith(".csv"))
            assertThat(fa.get(name)).as(name + " identical for threads 1 and 2").isEqualTo(fb.get(name));
        for (String name : fa.keySet()) if (name.endsWith(".png"))
            assertThat(new String(fa.get(name), 1, 3, StandardCharsets.US_ASCII)).as(name).isEqualTo("PNG");
        assertThat(new String(fa.get("fig1.csv"), StandardCharsets.UTF_8)).startsWith("scale,sigma,n,eps,seed,value\n");
        assertThat(new String(fa.get("fig2.csv"), StandardCharsets.UTF_8)).startsWith("scale,sigma,n,policy,pair_k0,k,seed,metric,value\n");
        assertThat(new String(fa.get("claims.csv"), StandardCharsets.UTF_8)).startsWith("claim,regime,verdict,statistic,ci_low,ci_high,figure\n");
        assertThat(new String(fa.get("equal_compute.csv"), StandardCharsets.UTF_8)).startsWith("k0,policy,sum_nk,tau_row_weighted,tau_mean_over_n,tau_worst,winner\n");
        for (ClaimsTable.Claim claim : ClaimsTable.Claim.values()) // every claim is tested in at least one regime
            assertThat(new String(fa.get("claims.csv"), StandardCharsets.UTF_8)).contains("\n" + claim.name().toLowerCase(java.util.Locale.ROOT) + ",");
        String html = new String(fa.get("index.html"), StandardCharsets.UTF_8);
        assertThat(html).contains("Figure 1", "Figure 2", "SSAA verdicts", "Two logit regimes", "<img src=\"fig2_sigma8_dropped_mass.png\"",
                "The paper's claims, tested", "exactly equal compute");
        String params = new String(fa.get("params.json"), StandardCharsets.UTF_8);
        assertThat(params).contains("\"available_processors\"", "\"seeds\"", "\"grid_n\"");

        Path dir = tmp.resolve("out");
        a.writeTo(dir, false);
        assertThat(Files.list(dir).count()).isEqualTo(fa.size());
        assertThat(Files.readAllBytes(dir.resolve("fig2.csv"))).isEqualTo(fa.get("fig2.csv"));
        try (var s = Files.list(tmp)) { assertThat(s.filter(p -> p.getFileName().toString().startsWith(".")).count()).isZero(); } // no temp left
        // non-empty folder refused without force, accepted with it
        assertThatThrownBy(() -> b.writeTo(dir, false)).hasMessageContaining("not empty");
        b.writeTo(dir, true);
    }

    @Test void outputFolderChecks() throws Exception {
        Path file = Files.writeString(tmp.resolve("f"), "x");
        assertThatThrownBy(() -> OutputFolder.check(file, true)).hasMessageContaining("not a folder");
        assertThatThrownBy(() -> new OutputFolder().put("../evil", new byte[0])).hasMessageContaining("plain name");
        OutputFolder.check(tmp.resolve("new/sub"), false); // creatable: fine, and nothing created
        assertThat(Files.exists(tmp.resolve("new"))).isFalse();
    }
}
