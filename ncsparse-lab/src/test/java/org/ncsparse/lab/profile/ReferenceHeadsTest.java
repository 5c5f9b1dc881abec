package org.ncsparse.lab.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The real heads of the reproduction's phase diagram: every MiniLM head, bit-identical for 1 and 2 threads. */
class ReferenceHeadsTest {

    @Test void everyHeadOfMiniLmWithAReproducibleSpread() throws Exception {
        ProfileResult one = ReferenceHeads.minilm(1), two = ReferenceHeads.minilm(2);
        List<HeadPoint> a = one.at(ReferenceHeads.N), b = two.at(ReferenceHeads.N);
        assertThat(a).hasSize(6 * 12);
        for (int i = 0; i < a.size(); i++) {
            assertThat(a.get(i).logitStd()).as("layer %d head %d", a.get(i).layer(), a.get(i).head()).isPositive()
                    .isEqualTo(b.get(i).logitStd());
        }
        // a real encoder's heads spread over both phases' sides of sigma = 1 (docs/MODELS.md): not all equal
        double min = a.stream().mapToDouble(HeadPoint::logitStd).min().orElseThrow();
        double max = a.stream().mapToDouble(HeadPoint::logitStd).max().orElseThrow();
        assertThat(max / min).isGreaterThan(2);
        assertThat(GaussianReference.points(one, ReferenceHeads.N, "MiniLM ")).hasSize(72)
                .filteredOn(p -> !p.label().isEmpty()).hasSize(3);
    }
}
