package org.ncsparse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReproduceSimulateCommandTest {
    @TempDir Path tmp;

    @Test void tinyReproduceWritesReport() throws Exception {
        Path out = tmp.resolve("rep");
        CliRun run = CliRun.of("reproduce", "--tiny", "--out", out.toString(), "--threads", "2", "--seed", "3");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("index.html");
        assertThat(run.err()).contains("reproduce: Gaussian sweep").contains("reproduce: done");
        for (String f : new String[] {"index.html", "params.json", "fig1.csv", "fig2.csv", "verdicts.csv", "fig1_sigma8.png", "fig2_sigma8_dropped_mass.png"})
            assertThat(out.resolve(f)).exists();
        JsonNode params = new ObjectMapper().readTree(out.resolve("params.json").toFile());
        assertThat(params.get("seed").asLong()).isEqualTo(3);
        assertThat(params.get("gaussian_sweep").get("seeds")).hasSize(2);
        // a second run into the same, now non-empty, folder is refused and changes nothing
        long before = Files.getLastModifiedTime(out.resolve("fig2.csv")).toMillis();
        CliRun again = CliRun.of("reproduce", "--tiny", "--out", out.toString());
        assertThat(again.exitCode()).isEqualTo(2);
        assertThat(again.err()).contains("not empty").contains("--force");
        assertThat(Files.getLastModifiedTime(out.resolve("fig2.csv")).toMillis()).isEqualTo(before);
    }

    @Test void badArgumentsWriteNothing() throws Exception {
        Path out = tmp.resolve("none");
        Path file = Files.writeString(tmp.resolve("plain"), "x");
        String o = out.toString();
        String[][] bad = {
            {"reproduce", "--threads", "0", "--out", o},
            {"reproduce", "--out", file.resolve("sub").toString()},
            {"simulate", "nosuch", "--out", o},
            {"simulate", "seps", "--eps", "0", "--out", o},
            {"simulate", "seps", "--eps", "-1e-5", "--out", o},
            {"simulate", "topk", "--n", "", "--out", o},
            {"simulate", "topk", "--budget", "mass:0.1", "--out", o},
            {"simulate", "topk", "--scale", "0", "--out", o},
            {"simulate", "topk", "--dist", "cauchy", "--out", o},
            {"simulate", "topk", "--out", file.resolve("sub").toString()},
        };
        for (String[] args : bad) {
            CliRun run = CliRun.of(args);
            assertThat(run.exitCode()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(run.err().lines().findFirst().orElse("")).as(String.join(" ", args)).startsWith("ncsparse ");
        }
        assertThat(out).doesNotExist();
        assertThat(CliRun.of("simulate", "nosuch", "--out", o).err()).contains("unknown experiment 'nosuch'");
        assertThat(CliRun.of("simulate", "seps", "--eps", "0", "--out", o).err()).contains("eps");
        try (var s = Files.list(tmp)) { assertThat(s.count()).isEqualTo(1); } // only the plain file
    }

    @Test void simulateTopkBoundedAndTau() throws Exception {
        Path out = tmp.resolve("sim");
        CliRun run = CliRun.of("simulate", "topk", "--n", "64..256x2", "--rows", "4", "--seeds", "2", "--dist", "bounded", "--d", "8",
                "--budget", "fixed:4", "--budget", "power:1,0.5", "--full-matrix-max", "128", "--out", out.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        String csv = Files.readString(out.resolve("simulate.csv"));
        assertThat(csv).startsWith("experiment,scale,n,seed,metric,param,value\n").contains("topk,1.0,256,2,dropped_mass,fixed:4,")
                .contains("paper_spec_full");
        JsonNode json = new ObjectMapper().readTree(out.resolve("simulate.json").toFile());
        assertThat(json.get("fits").get("dropped_mass fixed:4").get("verdict").asText()).isIn("growing", "stable", "vanishing");
        assertThat(out.resolve("simulate.png")).exists();
        Path out2 = tmp.resolve("tau");
        assertThat(CliRun.of("simulate", "tau", "--n", "512", "--rows", "4", "--seeds", "1", "--scale", "0.5,1", "--out", out2.toString()).exitCode()).isZero();
        assertThat(Files.readString(out2.resolve("simulate.csv"))).contains("tau,0.5,512,1,dropped_mass,k=1,");
    }
}
