package org.mandala.indicator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.mandala.rules.Ruleset;
import org.mandala.rules.RulesetCompiler;

/** GDELT and SIPRI imports: on fixtures of our own, and on the real files of ../shared/data where present. */
class ImportFormatsTests {
    static final Ruleset RULESET = RulesetCompiler.compile(RulesetCompiler.readDirectory(Path.of("rules")));
    static final ActorCodes CODES = ActorCodes.read(Path.of("facts/reference/actors.csv"));
    static final CountryNames NAMES = CountryNames.read(Path.of("facts/reference/country-names.csv"));
    static final Path SHARED = Path.of("../shared/data");

    final List<Indicator> rows = new ArrayList<>();

    ReadResult read(String format, Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return IndicatorFormats.of(format, RULESET, CODES, NAMES).read(in, rows::add);
        }
    }

    ReadResult read(String format, String text) throws IOException {
        return IndicatorFormats.of(format, RULESET, CODES, NAMES).read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), rows::add);
    }

    static long accounted(ReadResult r) {
        return r.valid() + r.skipped().values().stream().mapToLong(Long::longValue).sum();
    }

    @Nested
    class Sipri {

        @Test
        void eachDealIsAnArmsTransferFromSupplierToRecipientDatedByItsOrderYear() throws IOException {
            var r = read("sipri", Path.of("src/test/resources/fixtures/sipri-register.csv"));
            assertThat(r.errors()).isEmpty();
            assertThat(r.rows()).isEqualTo(7);
            assertThat(accounted(r)).isEqualTo(r.rows());
            Indicator frigates = rows.get(0);
            assertThat(frigates).extracting(Indicator::type, Indicator::actor, Indicator::target, Indicator::date, Indicator::magnitude,
                    Indicator::unit, Indicator::grade).containsExactly("ARMS_TRANSFER", "CHN", "PAK", LocalDate.of(2021, 1, 1), 1200.0,
                    "TIV_M", "B2");
            assertThat(frigates.summary()).contains("Type-054A/P (frigate)", "delivered 2021; 2023");
            assertThat(frigates.id()).startsWith("sipri-");
        }

        @Test
        void anUncertainValueLowersTheGrade() throws IOException {
            read("sipri", Path.of("src/test/resources/fixtures/sipri-register.csv"));
            assertThat(rows.get(1).grade()).isEqualTo("C3");
        }

        @Test
        void aDealSplitOverTwoLinesIsOneDeal() throws IOException {
            read("sipri", Path.of("src/test/resources/fixtures/sipri-register.csv"));
            assertThat(rows).anySatisfy(i -> {
                assertThat(i.actor()).isEqualTo("UKR");
                assertThat(i.magnitude()).isEqualTo(3.5);
            });
        }

        @Test
        void historicalStatesAreNamedAndNonStatePartiesSkipped() throws IOException {
            var r = read("sipri", Path.of("src/test/resources/fixtures/sipri-register.csv"));
            assertThat(rows).anySatisfy(i -> assertThat(i.actor()).isEqualTo("SUN"));
            assertThat(r.skipped()).containsEntry("a party is not a state (rebels, organisations, unknown)", 1L)
                    .containsEntry("a party's name is not in facts/reference/country-names.csv", 1L);
        }

        @Test
        void theNewerLayoutSumsTheDeliveryYearsOfEachDealIntoOneTransfer() throws IOException {
            var r = read("sipri", Path.of("src/test/resources/fixtures/sipri-deliveries.csv"));
            assertThat(r.errors()).isEmpty();
            assertThat(r.rows()).isEqualTo(7);
            assertThat(accounted(r)).isEqualTo(7);
            assertThat(r.skipped()).containsEntry("another delivery year of a deal already counted", 2L)
                    .containsEntry("a party is not a state (rebels, organisations, unknown)", 1L);
            assertThat(rows).extracting(Indicator::actor, Indicator::target, Indicator::date, Indicator::magnitude, Indicator::grade)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("CHN", "PAK", LocalDate.of(2017, 1, 1), 1200.0, "B2"),
                            org.assertj.core.groups.Tuple.tuple("CHN", "PAK", LocalDate.of(2020, 1, 1), 600.0, "C3"),
                            org.assertj.core.groups.Tuple.tuple("RUS", "IND", LocalDate.of(2018, 1, 1), 600.0, "B2"),
                            org.assertj.core.groups.Tuple.tuple("SUN", "IND", LocalDate.of(1987, 1, 1), 100.0, "B2"));
            assertThat(rows.get(0).summary()).contains("Type-054A/P (frigate)", "delivered 2021; 2023");
            assertThat(rows.get(0).id()).isEqualTo("sipri-deal-10001");
        }

        @Test
        void theSameFileGivesTheSameIds() throws IOException {
            read("sipri", Path.of("src/test/resources/fixtures/sipri-register.csv"));
            List<String> first = rows.stream().map(Indicator::id).toList();
            rows.clear();
            read("sipri", Path.of("src/test/resources/fixtures/sipri-register.csv"));
            assertThat(rows.stream().map(Indicator::id).toList()).isEqualTo(first).doesNotHaveDuplicates();
        }

        @Test
        void aFileThatIsNotARegisterIsRefusedSayingSo() throws IOException {
            var r = read("sipri", "date,type,actor,target\n2023-09-13,SUMMIT_MEETING,RUS,PRK\n");
            assertThat(r.errors()).singleElement().satisfies(e -> assertThat(e.message()).startsWith("not a SIPRI trade register"));
        }

        @Test
        void theRealRegisterImportsWithEveryDealAccountedFor() throws IOException {
            Path file = SHARED.resolve("sipri/sipri_trade_register_1950-2024_MJHofmann.csv");
            assumeTrue(Files.exists(file), "the real SIPRI register is not beside the project");
            var r = read("sipri", file);
            assertThat(r.errors()).isEmpty();
            // 27,949 well-formed lines, and two deals whose comment breaks the line without quotes
            // (Thailand's BTR-3, the UN's Hermes-900), joined back into one deal each
            assertThat(r.rows()).isEqualTo(27_951);
            assertThat(accounted(r)).isEqualTo(27_951);
            assertThat(rows).anySatisfy(i -> {
                assertThat(i.actor()).isEqualTo("CHN");
                assertThat(i.target()).isEqualTo("PAK");
            });
        }
    }

    @Nested
    class Gdelt {

        @Test
        void mappedEventsBecomeIndicatorsGradedByTheirEvidence() throws IOException {
            var r = read("gdelt2", Path.of("src/test/resources/fixtures/gdelt2-events.tsv"));
            assertThat(r.errors()).isEmpty();
            assertThat(r.rows()).isEqualTo(5);
            assertThat(accounted(r)).isEqualTo(5);
            assertThat(rows).extracting(Indicator::id, Indicator::type, Indicator::actor, Indicator::target, Indicator::grade).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("gdelt2-1001", "MINISTERIAL_VISIT", "RUS", "PRK", "B2"),
                    org.assertj.core.groups.Tuple.tuple("gdelt2-1002", "ARMS_TRANSFER", "CHN", "PAK", "C4"),
                    org.assertj.core.groups.Tuple.tuple("gdelt2-1005", "BORDER_CLASH", "IND", "CHN", "C3"));
            assertThat(rows.get(0).source()).isEqualTo("https://example.org/gdelt/1001");
            assertThat(rows.get(0).date()).isEqualTo(LocalDate.of(2023, 9, 13));
            assertThat(r.skipped()).containsEntry("CAMEO code maps to no type", 1L).containsEntry("no actor country on one side", 1L);
        }

        @Test
        void codesThatLostTheirLeadingZeroGetItBack() {
            assertThat(GdeltReader.eventCode("72", "7")).isEqualTo("072");
            assertThat(GdeltReader.eventCode("042", "04")).isEqualTo("042");
            assertThat(GdeltReader.eventCode("190", "19")).isEqualTo("190");
        }

        @Test
        void gdelt1RowsWithAndWithoutSourceUrl() throws IOException {
            var r = read("gdelt1", Path.of("src/test/resources/fixtures/gdelt1-events.tsv"));
            assertThat(r.errors()).isEmpty();
            assertThat(rows).extracting(Indicator::type, Indicator::source).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("SANCTION", "https://example.org/gdelt1/2001"),
                    org.assertj.core.groups.Tuple.tuple("ARMED_CONFLICT", "GDELT 1.0 event 2002"));
            assertThat(accounted(r)).isEqualTo(3);
        }

        @Test
        void aFileOfTheOtherVersionIsRefusedSayingSo() throws IOException {
            var r = read("gdelt1", Path.of("src/test/resources/fixtures/gdelt2-events.tsv"));
            assertThat(r.errors()).singleElement().satisfies(e -> {
                assertThat(e.line()).isEqualTo(1);
                assertThat(e.message()).startsWith("not a GDELT 1.0 row");
            });
            var native_ = read("gdelt2", "date,type,actor,target\n2023-09-13,SUMMIT_MEETING,RUS,PRK\n");
            assertThat(native_.errors()).singleElement().satisfies(e -> assertThat(e.message()).startsWith("not a GDELT 2.0 export"));
        }

        @Test
        void theRealGdelt2FileImportsWithEveryEventAccountedFor() throws IOException {
            Path file = SHARED.resolve("gdelt/gdelt2_events_joined_mentions_20201113_LukaRadulovic.csv");
            assumeTrue(Files.exists(file), "the real GDELT 2.0 file is not beside the project");
            var r = read("gdelt2", file);
            assertThat(r.errors()).isEmpty();
            assertThat(r.rows()).isEqualTo(2_824);
            assertThat(accounted(r)).isEqualTo(2_824);
            assertThat(r.valid()).isPositive();
        }

        @Test
        void theRealGdelt1FileImportsWithEveryRowAccountedFor() throws IOException {
            Path file = SHARED.resolve("gdelt/gdelt1_events_sample_reed9999.tsv");
            assumeTrue(Files.exists(file), "the real GDELT 1.0 file is not beside the project");
            var r = read("gdelt1", file);
            assertThat(r.errors()).isEmpty();
            assertThat(r.rows()).isEqualTo(710);
            assertThat(accounted(r)).isEqualTo(710);
        }
    }
}
