package org.ncsparse.lab.profile;

import org.junit.jupiter.api.Test;
import org.ncsparse.model.bert.BertModel;
import org.ncsparse.model.bert.ModelId;
import org.ncsparse.model.bert.ModelStore;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** MiniLM profiled on one licence text at two short lengths: every layer and head is covered. */
class ModelProfilerTest {
    @Test
    void profilesEveryLayerAndHead() throws Exception {
        try (BertModel model = ModelStore.load(ModelId.MINILM).threads(2)) {
            String text = Files.readString(Path.of("/usr/share/common-licenses/Apache-2.0"));
            ProfileResult r = ModelProfiler.profile(model, List.of(text, "too short"),
                    ProfileSettings.defaults(2).withLengths(new int[] {32, 64, 128}));
            assertThat(r.layers()).isEqualTo(6);
            assertThat(r.heads()).isEqualTo(12);
            assertThat(r.points()).hasSize(6 * 12 * 3);
            for (HeadPoint p : r.points()) {
                assertThat(p.rows()).isEqualTo(p.n());
                assertThat(p.kMass()[0]).isBetween(1.0, (double) p.n());
                for (double dm : p.dropped()) assertThat(dm).isBetween(0.0, 1.0);
            }
            assertThat(ProfileWriter.summaryText(r)).contains("minilm").contains("n = 128");
        }
    }
}
