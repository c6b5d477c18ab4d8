package org.mandala.indicator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * One test for each kind of bad file the fuzz tests ({@link ReaderFuzzTests}) found breaking a
 * reader: each is now a line-numbered error in Mandala's words, or a row read as well as it can be.
 */
class MalformedFilesTests {
    static final List<String> FORMATS = IndicatorFormats.NAMES;
    static final Path FIXTURES = Path.of("src/test/resources/fixtures");

    final List<Indicator> rows = new ArrayList<>();

    ReadResult read(String format, String text) throws IOException {
        return read(format, text.getBytes(StandardCharsets.UTF_8));
    }

    ReadResult read(String format, byte[] bytes) throws IOException {
        return IndicatorFormats.of(format, ImportFormatsTests.RULESET, ImportFormatsTests.CODES, ImportFormatsTests.NAMES)
                .read(new ByteArrayInputStream(bytes), rows::add);
    }

    static String fixture(String name) throws IOException {
        return Files.readString(FIXTURES.resolve(name), StandardCharsets.ISO_8859_1);
    }

    /** The GDELT 2.0 fixture as some tools save it: CSV with a header and a leading index column. */
    static String gdelt2AsCsv() throws IOException {
        StringBuilder s = new StringBuilder("index");
        for (int i = 0; i < 61; i++) {
            s.append(",f").append(i);
        }
        s.append('\n');
        int n = 0;
        for (String line : fixture("gdelt2-events.tsv").split("\n")) {
            s.append(n++).append(',').append(Arrays.stream(line.split("\t", -1)).collect(Collectors.joining(","))).append('\n');
        }
        return s.toString();
    }

    @Nested
    class AnUnterminatedQuote {

        @Test
        void inANativeFileIsAnErrorOnTheLineWhereTheRowBegins() throws IOException {
            var r = read("native", "date,type,actor,target,summary\n2023-09-13,SUMMIT_MEETING,RUS,PRK,\"talks\n2023-09-14,SUMMIT_MEETING,RUS,PRK,x\n");
            assertThat(r.errors()).singleElement().satisfies(e -> {
                assertThat(e.line()).isEqualTo(2);
                assertThat(e.message()).contains("not closed").doesNotContain("lost text", "talks");
            });
        }

        @Test
        void inAGdeltCsvRowIsAnErrorOnThatLineAndTheOtherRowsAreStillChecked() throws IOException {
            String[] lines = gdelt2AsCsv().split("\n");
            lines[2] = lines[2].replace(",CHN,", ",\"CHN,");
            var r = read("gdelt2", String.join("\n", lines) + "\n");
            assertThat(r.errors()).singleElement().satisfies(e -> {
                assertThat(e.line()).isEqualTo(3);
                assertThat(e.message()).contains("not closed");
            });
            assertThat(r.rows()).isEqualTo(5);
        }

        @Test
        void inASipriRegisterIsAnErrorOnTheLineWhereTheDealBegins() throws IOException {
            String file = fixture("sipri-register.csv").replace("Version for Pakistan", "\"Version for Pakistan");
            var r = read("sipri", file.getBytes(StandardCharsets.ISO_8859_1));
            assertThat(r.errors()).singleElement().satisfies(e -> {
                assertThat(e.line()).isEqualTo(9);
                assertThat(e.message()).contains("not closed").doesNotContain("Pakistan");
            });
        }
    }

    @Nested
    class AHeaderWithoutAColumnTheReaderUses {

        @Test
        void aSipriRegisterWithoutTheWeaponColumnsReadsItsDealsWithoutThem() throws IOException {
            String file = fixture("sipri-register.csv").replace("Weapon designation", "Designation").replace("Weapon description", "Kind");
            var r = read("sipri", file.getBytes(StandardCharsets.ISO_8859_1));
            assertThat(r.errors()).isEmpty();
            assertThat(r.rows()).isEqualTo(7);
            assertThat(rows.get(0).summary()).startsWith("4; New; delivered 2021; 2023");
        }

        @Test
        void aSipriRowShorterThanTheColumnsItNeedsIsALineError() throws IOException {
            String file = fixture("sipri-deliveries.csv") + "10006,China\n";
            var r = read("sipri", file.getBytes(StandardCharsets.ISO_8859_1));
            assertThat(r.errors()).singleElement().satisfies(e -> assertThat(e.line()).isEqualTo(9));
        }
    }

    @Nested
    class ARowTooLongToBeARealOne {

        @Test
        void aQuoteLeftOpenDoesNotPullTheRestOfTheFileIntoMemory() throws IOException {
            String rest = "2023-09-14,SUMMIT_MEETING,RUS,PRK,x\n".repeat(40_000);
            var r = read("native", "date,type,actor,target,summary\n2023-09-13,SUMMIT_MEETING,RUS,PRK,\"open\n" + rest);
            assertThat(r.errors()).singleElement().satisfies(e -> {
                assertThat(e.line()).isEqualTo(2);
                assertThat(e.message()).contains("longer than " + CsvInput.MAX_RECORD + " characters");
            });
        }

        @Test
        void quotesInsideUnquotedFieldsDoNotSlowReadingDown() throws IOException {
            // OpenCSV's default parser took minutes over such a line: its time grows with the square of the length
            String quotes = "a\"b".repeat(CsvInput.MAX_RECORD / 4);
            String[] gdelt = gdelt2AsCsv().split("\n");
            String sipri = fixture("sipri-register.csv").replace("Built in China", quotes);
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                read("gdelt2", gdelt[0] + "\n" + gdelt[1].replace("RUSSIA", quotes) + "\n");
                read("sipri", sipri.getBytes(StandardCharsets.ISO_8859_1));
            });
        }

        @Test
        void aGdeltLineOfMegabytesIsAnError() throws IOException {
            String line = fixture("gdelt2-events.tsv").split("\n")[0];
            var r = read("gdelt2", line + "\n" + line.replace("RUSSIA", "R".repeat(2 * CsvInput.MAX_RECORD)) + "\n");
            assertThat(r.errors()).singleElement().satisfies(e -> {
                assertThat(e.line()).isEqualTo(2);
                assertThat(e.message()).contains("longer than");
            });
        }
    }

    @Nested
    class AnErrorQuotesLittleOfTheFile {

        @Test
        void aLongValueIsCutToEightyCharactersInTheErrorAndItsMessage() throws IOException {
            String huge = "X".repeat(5000);
            var r = read("native", "date,type,actor,target\n2023-09-13," + huge + "," + huge + ",PRK\n");
            assertThat(r.errors()).hasSize(2).allSatisfy(e -> {
                assertThat(e.value()).hasSize(ValidationError.MAX_QUOTED).endsWith("...");
                assertThat(e.message().length()).isLessThan(300);
            });
        }

        @Test
        void anUnknownColumnIsQuotedShort() throws IOException {
            var r = read("native", "date,type,actor,target," + "y".repeat(3000) + "\n");
            assertThat(r.errors()).singleElement().satisfies(e -> {
                assertThat(e.column()).hasSize(ValidationError.MAX_QUOTED);
                assertThat(e.message().length()).isLessThan(300);
            });
        }

        @Test
        void aCutNeverSplitsACharacterOutsideTheBasicPlane() {
            String emoji = "\ud83d\ude00";
            String cut = ValidationError.quote("a".repeat(ValidationError.MAX_QUOTED - 4) + emoji.repeat(10));
            assertThat(Character.isHighSurrogate(cut.charAt(cut.length() - 4))).isFalse();
        }
    }

    @Nested
    class ANumberNoRowCanHave {

        @Test
        void aNativeMagnitudeOutOfRangeIsAnErrorNotAnEndlessNumber() throws IOException {
            var r = read("native", "date,type,actor,target,magnitude,unit\n2023-06-11,ARMS_TRANSFER,RUS,PAK,1E+999999999,UNITS\n"
                    + "2023-06-11,ARMS_TRANSFER,RUS,PAK,1e-999999999,UNITS\n2023-06-11,ARMS_TRANSFER,RUS,PAK,1e400,UNITS\n");
            assertThat(r.errors()).extracting(ValidationError::line, ValidationError::column).containsExactly(
                    org.assertj.core.groups.Tuple.tuple(2, "magnitude"), org.assertj.core.groups.Tuple.tuple(3, "magnitude"),
                    org.assertj.core.groups.Tuple.tuple(4, "magnitude"));
        }

        @Test
        void aSipriTivThatIsNoFiniteAmountIsLeftOut() throws IOException {
            String file = fixture("sipri-register.csv").replace("300,1200,1200", "300,Infinity,NaN").replace("30,750,600", "30,-750,1e400");
            var r = read("sipri", file.getBytes(StandardCharsets.ISO_8859_1));
            assertThat(r.errors()).isEmpty();
            assertThat(rows.subList(0, 2)).allSatisfy(i -> {
                assertThat(i.magnitude()).isNull();
                assertThat(i.unit()).isNull();
            });
        }

        @Test
        void aGdeltEventIdThatIsNotANumberIsALineError() throws IOException {
            var r = read("gdelt2", fixture("gdelt2-events.tsv").replace("1002\t", "10\u000002\t"));
            assertThat(r.errors()).singleElement().satisfies(e -> {
                assertThat(e.line()).isEqualTo(2);
                assertThat(e.column()).isEqualTo("GLOBALEVENTID");
            });
        }

        @Test
        void aGdeltSummaryIsCutToTheLengthTheContractAllows() throws IOException {
            var r = read("gdelt2", fixture("gdelt2-events.tsv").replace("RUSSIA", "R".repeat(5000)));
            assertThat(r.errors()).isEmpty();
            assertThat(rows.get(0).summary()).hasSize(IndicatorCsvReader.MAX_TEXT).endsWith("...");
        }
    }

    @Nested
    class AnythingElse {
        static final List<String> formats = FORMATS;

        @ParameterizedTest
        @FieldSource("formats")
        void anEmptyFileIsRefusedOnLineOne(String format) throws IOException {
            var r = read(format, "");
            assertThat(r.errors()).singleElement().satisfies(e -> assertThat(e.line()).isEqualTo(1));
        }

        @ParameterizedTest
        @FieldSource("formats")
        void randomBytesAreRefusedWithoutAnException(String format) {
            Random random = new Random(format.hashCode());
            for (int i = 0; i < 50; i++) {
                byte[] bytes = new byte[1 + random.nextInt(20_000)];
                random.nextBytes(bytes);
                assertThatCode(() -> assertThat(read(format, bytes).hasErrors()).isTrue()).doesNotThrowAnyException();
            }
        }

        @ParameterizedTest
        @FieldSource("formats")
        void aFileOfEveryOtherFormatIsRefused(String format) throws IOException {
            for (String other : List.of("native-indicators.csv", "gdelt2-events.tsv", "gdelt1-events.tsv", "sipri-register.csv",
                    "sipri-deliveries.csv")) {
                boolean own = other.startsWith(format) || format.equals("native") && other.startsWith("native");
                if (!own) {
                    assertThat(read(format, fixture(other).getBytes(StandardCharsets.ISO_8859_1)).hasErrors()).as(other).isTrue();
                }
            }
        }
    }
}
