package org.ncsparse.lab.decode;

import org.ncsparse.budget.BudgetPolicy;
import org.ncsparse.budget.CountBudget;
import org.ncsparse.decode.PageSelection;

/** Manual probe (not a test): mvn exec or java -cp; prints the decode comparison for the big shape. */
public final class DecodeProbe {
    public static void main(String[] args) {
        int n = Integer.parseInt(args.length > 0 ? args[0] : "131072");
        for (String wl : KvWorkload.NAMES) for (int ps : new int[] {16, 32}) for (double os : new double[] {4, 16}) {
            KvWorkload w = KvWorkload.generate(wl, n, 128, 42);
            DecodeExperiment.Result r = DecodeExperiment.run(w, (CountBudget) BudgetPolicy.power(1, 0.5), ps, new PageSelection(os, 2), 15, null);
            System.out.printf("%-14s page=%2d os=%4.0f k=%d dense=%.3fms topk=%.3fms paged=%.3fms x%.1f idxRecall=%.3f massRecall=%.4f scored=%.4f cert=%s topKmass=%.4f%n",
                    wl, ps, os, r.k(), r.denseMs(), r.topKMs(), r.pagedMs(), r.speedupVsDense(), r.indexRecall(), r.massRecall(), r.scoredFraction(), r.certified(), r.topKMass());
        }
    }
}
