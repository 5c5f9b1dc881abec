package org.ncsparse.model.bert;
import org.ncsparse.model.block.AttentionPlan;

import org.junit.jupiter.api.Test;
import org.ncsparse.budget.BudgetPolicy;
import org.ncsparse.model.testutil.SharedModel;

import java.util.concurrent.atomic.LongAdder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Pluggable attention: per-head plans, observers, sparse vs exact, and input checks. */
class EncoderPlanTest {
    private final BertModel model = SharedModel.minilm();
    private final int[] ids = model.tokenizer().encode("Permission is hereby granted, free of charge, to any person obtaining a copy of this software.");

    @Test
    void keepingEveryKeyPerHeadEqualsExact() {
        int n = ids.length;
        BudgetPolicy[][] table = new BudgetPolicy[6][12];
        for (int l = 0; l < 6; l++) for (int h = 0; h < 12; h++) table[l][h] = h % 2 == 0 ? null : BudgetPolicy.fixed(n);
        float[] exact = model.encoder().hiddenStates(ids, AttentionPlan.EXACT, null);
        float[] mixed = model.encoder().hiddenStates(ids, AttentionPlan.perHead(table), null);
        assertThat(OrtOracleTest.maxAbs(exact, mixed)).isLessThan(1e-5);
    }

    @Test
    void observerSeesEveryRowWithItsBudget() {
        LongAdder rows = new LongAdder(), kept = new LongAdder();
        AttentionPlan plan = AttentionPlan.uniform(BudgetPolicy.fixed(5)).observedBy(layer -> (h, r, vis, k, c, mass) -> {
            rows.increment();
            kept.add(c);
            assertThat(mass).isBetween(0.0, 1.0 + 1e-9);
        });
        float[] e = model.embedIds(ids, plan);
        assertThat(rows.sum()).isEqualTo(6L * 12 * ids.length);
        assertThat(kept.sum()).isEqualTo(5L * 6 * 12 * ids.length);
        double cos = BertModel.cosine(e, model.embedIds(ids, AttentionPlan.EXACT));
        assertThat(cos).isBetween(0.5, 0.99999);
    }

    @Test
    void perHeadPlanWithAnObserverCountsPerHead() {
        BudgetPolicy[][] table = new BudgetPolicy[6][12];
        for (int l = 0; l < 6; l++) for (int h = 0; h < 12; h++) table[l][h] = BudgetPolicy.fixed(1 + h);
        long[] perHead = new long[12];
        AttentionPlan plan = AttentionPlan.perHead(table).observedBy(layer -> (h, r, vis, k, c, mass) -> { synchronized (perHead) { perHead[h] += c; } });
        model.embedIds(ids, plan);
        for (int h = 0; h < 12; h++) assertThat(perHead[h]).isEqualTo(6L * ids.length * Math.min(1 + h, ids.length));
    }

    @Test
    void inputsAreChecked() {
        assertThatThrownBy(() -> model.encoder().hiddenStates(new int[0], null, null)).hasMessageContaining("ids length");
        assertThatThrownBy(() -> model.encoder().hiddenStates(new int[513], null, null)).hasMessageContaining("ids length");
        assertThatThrownBy(() -> model.encoder().hiddenStates(new int[] {101, 40000, 102}, null, null)).hasMessageContaining("outside vocabulary");
        assertThatThrownBy(() -> ModelId.parse("llama")).hasMessageContaining("unknown model 'llama'");
        assertThat(ModelId.parse("BGE-small")).isEqualTo(ModelId.BGE_SMALL);
        assertThat(ModelId.parse("e5_small")).isEqualTo(ModelId.E5_SMALL);
    }
}
