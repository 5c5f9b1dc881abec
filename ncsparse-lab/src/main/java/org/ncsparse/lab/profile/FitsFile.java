package org.ncsparse.lab.profile;

import org.ncsparse.budget.BudgetPolicy;
import org.ncsparse.model.block.AttentionPlan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads a profile's {@code fits.csv} (layer,head,tau,alpha,C,r2) back into per-head budgets:
 * head (l, h) keeps ceil(λ·α_lh·n^C_lh) keys, C clamped to [0.05, 1] (a budget must not shrink with n).
 */
public final class FitsFile {
    private FitsFile() {}

    public static PowerFit[][] read(Path csv, double tau, int layers, int heads) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        if (lines.isEmpty() || !lines.get(0).startsWith("layer,head,tau,alpha,C")) throw new IOException(csv + ": not a fits.csv (expected header layer,head,tau,alpha,C,r2)");
        PowerFit[][] out = new PowerFit[layers][heads];
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split(",");
            if (f.length < 6) throw new IOException(csv + " line " + (i + 1) + ": expected 6 fields");
            try {
                int l = Integer.parseInt(f[0]), h = Integer.parseInt(f[1]);
                if (Math.abs(Double.parseDouble(f[2]) - tau) > 1e-12) continue;
                if (l < 0 || l >= layers || h < 0 || h >= heads) throw new IOException(csv + " line " + (i + 1) + ": layer/head " + l + "/" + h + " outside the model's " + layers + "x" + heads);
                out[l][h] = new PowerFit(Double.parseDouble(f[3]), Double.parseDouble(f[4]), Double.parseDouble(f[5]));
            } catch (NumberFormatException e) {
                throw new IOException(csv + " line " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        for (int l = 0; l < layers; l++)
            for (int h = 0; h < heads; h++)
                if (out[l][h] == null) throw new IOException(csv + ": no fit for layer " + l + " head " + h + " at tau " + tau);
        return out;
    }

    /** The per-head plan power(λ·α, clamp(C)). */
    public static AttentionPlan plan(PowerFit[][] fits, double lambda) {
        if (!(lambda > 0)) throw new IllegalArgumentException("lambda must be > 0, got " + lambda);
        BudgetPolicy[][] table = new BudgetPolicy[fits.length][];
        for (int l = 0; l < fits.length; l++) {
            table[l] = new BudgetPolicy[fits[l].length];
            for (int h = 0; h < fits[l].length; h++)
                table[l][h] = BudgetPolicy.power(Math.max(1e-9, lambda * fits[l][h].alpha()), clampC(fits[l][h].c()));
        }
        return AttentionPlan.perHead(table);
    }

    public static double clampC(double c) { return Math.max(0.05, Math.min(1.0, c)); }
}
