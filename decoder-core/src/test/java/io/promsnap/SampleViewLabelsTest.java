package io.promsnap;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link SampleView#addLabel}'s duplicate detection: a 64-bit filter for the first labels, a hash table
 * after them. Compared with a {@link HashSet} on random keys chosen to collide in the filter, across the
 * switch between the two and over many samples on one view.
 */
class SampleViewLabelsTest {

    @Test
    void agreesWithASetOnRandomKeysAcrossManySamples() {
        Random r = new Random(7);
        SampleView v = new SampleView();
        // a small alphabet and shared long prefixes/suffixes: many keys equal in their first and last eight
        // bytes and length, which the filter cannot tell apart
        String[] parts = {"", "a", "b", "instance", "instanceId", "_suffix_", "x"};
        for (int sample = 0; sample < 3000; sample++) {
            v.begin(sample);
            int labels = r.nextInt(sample % 10 == 0 ? 80 : 20);
            Set<String> seen = new HashSet<>();
            List<String> kept = new ArrayList<>();
            byte[] payload = new byte[4096];
            int pos = r.nextInt(4); // keys at varied offsets, some near the array's end
            for (int k = 0; k < labels; k++) {
                String key = parts[r.nextInt(parts.length)] + parts[r.nextInt(parts.length)]
                        + (r.nextInt(3) == 0 ? "" : Integer.toString(r.nextInt(40)));
                byte[] kb = key.getBytes(StandardCharsets.UTF_8);
                if (pos + kb.length > payload.length) {
                    pos = 0;
                }
                int at = k == labels - 1 ? payload.length - kb.length : pos; // the last key ends the array
                System.arraycopy(kb, 0, payload, at, kb.length);
                boolean added = v.addLabel(payload, at, kb.length, payload, 0, 1);
                assertThat(added).as("sample %d label %d key '%s' after %s", sample, k, key, kept)
                        .isEqualTo(seen.add(key));
                if (added) {
                    kept.add(key);
                }
                pos += kb.length;
            }
            assertThat(v.labelCount()).isEqualTo(kept.size());
            for (int k = 0; k < kept.size(); k++) {
                assertThat(v.labelKey(k).toString()).isEqualTo(kept.get(k));
            }
        }
    }

    @Test
    void duplicateOfAnEarlyLabelIsFoundAfterTheSwitchToTheTable() {
        SampleView v = new SampleView();
        v.begin(0);
        byte[] b = new byte[64];
        for (int k = 0; k < 40; k++) {
            b[k] = (byte) ('A' + k);
            assertThat(v.addLabel(b, k, 1, b, 0, 1)).isTrue();
        }
        for (int k = 0; k < 40; k++) {
            assertThat(v.addLabel(b, k, 1, b, 0, 1)).as("label %d again", k).isFalse();
        }
        assertThat(v.labelCount()).isEqualTo(40);
        v.begin(1); // a new sample forgets them all
        for (int k = 0; k < 40; k++) {
            assertThat(v.addLabel(b, k, 1, b, 0, 1)).isTrue();
        }
    }
}
