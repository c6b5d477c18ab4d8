package org.mandala.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ConclusionKeyTests {

    private static final List<ConclusionKey> KEYS = List.of(
            ConclusionKey.alignment("RUS", "PRK"), ConclusionKey.hostility("IND", "CHN"), ConclusionKey.adversary("CHN"),
            ConclusionKey.partner("RUS"), ConclusionKey.axis(List.of("RUS", "CHN", "PRK")),
            ConclusionKey.threat("HOSTILE_AXIS", List.of("RUS", "PRK", "CHN")), ConclusionKey.balancing("USA", "RUS"),
            ConclusionKey.autonomy("IND"));

    @Test
    void printsTheKeysTheApiHasAlwaysShown() {
        assertThat(KEYS).extracting(ConclusionKey::toString).containsExactly("A.PRK-RUS", "H.CHN-IND", "D.CHN", "P.RUS",
                "X.CHN-PRK-RUS", "T.HOSTILE_AXIS.CHN-PRK-RUS", "B.RUS-USA", "U.IND");
    }

    @Test
    void roundTripsThroughItsPrintedForm() {
        for (ConclusionKey key : KEYS) {
            assertThat(ConclusionKey.parse(key.toString())).hasValue(key);
        }
    }

    @Test
    void sortsItsActorsWhicheverOrderTheyAreGivenIn() {
        assertThat(ConclusionKey.threat("ADVERSARY_ARMAMENT", List.of("PAK", "CHN")).actors()).containsExactly("CHN", "PAK");
        assertThat(ConclusionKey.alignment("RUS", "PRK")).isEqualTo(ConclusionKey.alignment("PRK", "RUS"))
                .hasSameHashCodeAs(ConclusionKey.alignment("PRK", "RUS"));
    }

    @Test
    void tellsTypesApartThatNameTheSameStates() {
        assertThat(ConclusionKey.alignment("PRK", "RUS")).isNotEqualTo(ConclusionKey.hostility("PRK", "RUS"));
        assertThat(ConclusionKey.partner("RUS")).isNotEqualTo(ConclusionKey.adversary("RUS"));
    }

    @Test
    void sortsAsItsPrintedFormSorts() {
        List<ConclusionKey> keys = new ArrayList<>(KEYS);
        keys.add(ConclusionKey.threat("HOSTILE_AXIS_2", List.of("AB", "C")));
        keys.add(ConclusionKey.threat("HOSTILE", List.of("ABC")));
        keys.add(ConclusionKey.axis(List.of("AB", "Z")));
        keys.add(ConclusionKey.axis(List.of("AB0")));
        keys.add(ConclusionKey.alignment("CHN", "IND"));
        assertThat(keys.stream().sorted().map(ConclusionKey::toString).toList())
                .isEqualTo(keys.stream().map(ConclusionKey::toString).sorted().toList());
    }

    @Test
    void equalKeysMakeEqualConclusions() {
        Hostility one = new Hostility("RUS", "PRK", 12.0, 12.0);
        Hostility other = new Hostility("PRK", "RUS", 40.0, 40.0);
        assertThat(one).isEqualTo(other).hasSameHashCodeAs(other);
        assertThat(one.key()).isEqualTo(ConclusionKey.hostility("PRK", "RUS"));
        assertThat(Map.of(one.key(), one)).containsKey(ConclusionKey.parse("H.PRK-RUS").orElseThrow());
    }

    @Nested
    class RefusesWhatIsNoKey {

        @Test
        void unknownTypesUnsortedPairsAndWrongCounts() {
            assertThat(ConclusionKey.parse("Q.PRK-RUS")).isEmpty();
            assertThat(ConclusionKey.parse("A.RUS-PRK")).as("only the printed form").isEmpty();
            assertThat(ConclusionKey.parse("A.PRK")).isEmpty();
            assertThat(ConclusionKey.parse("D.CHN-PAK")).isEmpty();
            assertThat(ConclusionKey.parse("T.CHN-PAK")).as("a threat without its kind").isEmpty();
            assertThat(ConclusionKey.parse("U.")).isEmpty();
            assertThat(ConclusionKey.parse("")).isEmpty();
            assertThat(ConclusionKey.parse(null)).isEmpty();
        }

        @Test
        void codesThatWouldPrintAmbiguously() {
            assertThatThrownBy(() -> ConclusionKey.partner("PR-K")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> ConclusionKey.threat("HOSTILE.AXIS", List.of("CHN"))).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new ConclusionKey(ConclusionKey.Type.PARTNER, "HOSTILE_AXIS", List.of("RUS")))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
