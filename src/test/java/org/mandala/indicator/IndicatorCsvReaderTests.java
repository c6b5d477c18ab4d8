package org.mandala.indicator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The native indicator CSV (CONTRACT section 1): what is accepted, and every kind of error with its place. */
class IndicatorCsvReaderTests {
    static final ActorCodes CODES = ActorCodes.read(Path.of("facts/reference/actors.csv"));
    static final Set<String> TYPES = Set.of("SUMMIT_MEETING", "FUEL_SHIPMENT", "BLOC_ACCESSION", "TERRITORIAL_DISPUTE");
    private final List<Indicator> rows = new ArrayList<>();

    private ReadResult read(String csv) {
        return read(csv.getBytes(StandardCharsets.UTF_8));
    }

    private ReadResult read(byte[] bytes) {
        try {
            return new IndicatorCsvReader(TYPES, CODES).read(new ByteArrayInputStream(bytes), rows::add);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void readsAValidFileWithEveryColumn() {
        var r = read("""
                id,date,until,type,actor,target,magnitude,unit,grade,source,summary
                rus-pak-fuel,2023-06-11,,FUEL_SHIPMENT,RUS,PAK,45000,TONNES,A1,https://example.org/a,"First cargo, Karachi"
                """);
        assertThat(r.hasErrors()).isFalse();
        assertThat(r.rows()).isEqualTo(1);
        assertThat(rows).containsExactly(new Indicator("rus-pak-fuel", LocalDate.of(2023, 6, 11), null, "FUEL_SHIPMENT", "RUS", "PAK",
                45000.0, "TONNES", "A1", "https://example.org/a", "First cargo, Karachi"));
    }

    @Test
    void acceptsHeadersInAnyOrderAndCaseWithABom() {
        byte[] body = ("\uFEFFTarget,ACTOR,Type,Date\nPRK,RUS,SUMMIT_MEETING,2023-09-13\n").getBytes(StandardCharsets.UTF_8);
        var r = read(body);
        assertThat(r.hasErrors()).isFalse();
        assertThat(rows).singleElement().satisfies(i -> {
            assertThat(i.actor()).isEqualTo("RUS");
            assertThat(i.target()).isEqualTo("PRK");
            assertThat(i.grade()).as("an ungraded row").isEqualTo("F6");
        });
    }

    @Test
    void givesARowWithoutIdAnIdThatDependsOnlyOnItsContent() {
        read("date,type,actor,target,magnitude,unit\n2023-06-11,FUEL_SHIPMENT,RUS,PAK,45000,TONNES\n"
                + "2023-06-11,FUEL_SHIPMENT,RUS,PAK,45000.0,TONNES\n2023-06-11,FUEL_SHIPMENT,RUS,PAK,46000,TONNES\n");
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0).id()).startsWith("h-").isEqualTo(rows.get(1).id());
        assertThat(rows.get(2).id()).isNotEqualTo(rows.get(0).id());
    }

    @Test
    void readsAQuotedSummaryOverSeveralLinesAndCountsLinesAsInTheFile() {
        var r = read("date,type,actor,target,summary\n2023-09-13,SUMMIT_MEETING,RUS,PRK,\"two\nlines\"\n2023-09-13,SUMMIT_MEETING,RUS,XXX,\n");
        assertThat(r.errors()).singleElement().satisfies(e -> assertThat(e.line()).isEqualTo(4));
    }

    @Nested
    class RejectsWithLineColumnAndValue {

        private ValidationError onlyError(String csv) {
            var r = read(csv);
            assertThat(r.errors()).hasSize(1);
            return r.errors().get(0);
        }

        @Test
        void anUnknownColumn() {
            var e = onlyError("date,type,actor,target,colour\n2023-09-13,SUMMIT_MEETING,RUS,PRK,red\n");
            assertThat(e.line()).isEqualTo(1);
            assertThat(e.column()).isEqualTo("colour");
            assertThat(e.message()).contains("unknown column");
        }

        @Test
        void aMissingRequiredColumn() {
            var e = onlyError("date,type,actor\n2023-09-13,SUMMIT_MEETING,RUS\n");
            assertThat(e.column()).isEqualTo("target");
            assertThat(e.message()).contains("required column");
        }

        @Test
        void aMalformedDate() {
            var e = onlyError("date,type,actor,target\n13/09/2023,SUMMIT_MEETING,RUS,PRK\n");
            assertThat(e).isEqualTo(new ValidationError(2, "date", "13/09/2023", "dates are written yyyy-MM-dd, e.g. 2023-09-13"));
        }

        @Test
        void aDayThatDoesNotExist() {
            var e = onlyError("date,type,actor,target\n2023-02-30,SUMMIT_MEETING,RUS,PRK\n");
            assertThat(e.message()).isEqualTo("there is no such day");
        }

        @Test
        void anUntilBeforeTheDate() {
            var e = onlyError("date,until,type,actor,target\n2023-09-13,2023-09-01,TERRITORIAL_DISPUTE,IND,PAK\n");
            assertThat(e.column()).isEqualTo("until");
            assertThat(e.value()).isEqualTo("2023-09-01");
        }

        @Test
        void anUnknownType() {
            var e = onlyError("date,type,actor,target\n2023-09-13,summit_meeting,RUS,PRK\n");
            assertThat(e.column()).isEqualTo("type");
            assertThat(e.message()).contains("upper case: SUMMIT_MEETING");
        }

        @Test
        void anUnknownCountryCode() {
            var e = onlyError("date,type,actor,target\n2023-09-13,SUMMIT_MEETING,RUS,NKR\n");
            assertThat(e).extracting(ValidationError::line, ValidationError::column, ValidationError::value).containsExactly(2, "target", "NKR");
        }

        @Test
        void theSameActorAndTarget() {
            var e = onlyError("date,type,actor,target\n2023-09-13,SUMMIT_MEETING,RUS,RUS\n");
            assertThat(e.message()).contains("must differ");
        }

        @Test
        void aBlocAccessionToAState() {
            var e = onlyError("date,type,actor,target\n2017-06-09,BLOC_ACCESSION,IND,PAK\n");
            assertThat(e.column()).isEqualTo("target");
            assertThat(e.message()).contains("bloc");
        }

        @Test
        void aNegativeOrNonNumericMagnitude() {
            var r = read("date,type,actor,target,magnitude,unit\n2023-06-11,FUEL_SHIPMENT,RUS,PAK,-5,TONNES\n2023-06-11,FUEL_SHIPMENT,RUS,PAK,lots,TONNES\n");
            assertThat(r.errors()).extracting(ValidationError::line, ValidationError::column, ValidationError::value)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(2, "magnitude", "-5"), org.assertj.core.groups.Tuple.tuple(3, "magnitude", "lots"));
        }

        @Test
        void aMagnitudeWithoutUnitOrAnUnknownUnit() {
            var r = read("date,type,actor,target,magnitude,unit\n2023-06-11,FUEL_SHIPMENT,RUS,PAK,45000,\n2023-06-11,FUEL_SHIPMENT,RUS,PAK,45000,LITRES\n");
            assertThat(r.errors()).extracting(ValidationError::line, ValidationError::column).containsExactly(
                    org.assertj.core.groups.Tuple.tuple(2, "unit"), org.assertj.core.groups.Tuple.tuple(3, "unit"));
        }

        @Test
        void aGradeThatIsNoAdmiraltyCode() {
            var e = onlyError("date,type,actor,target,grade\n2023-09-13,SUMMIT_MEETING,RUS,PRK,Z9\n");
            assertThat(e).extracting(ValidationError::line, ValidationError::column, ValidationError::value).containsExactly(2, "grade", "Z9");
        }

        @Test
        void aSummaryOverTwoThousandCharacters() {
            var e = onlyError("date,type,actor,target,summary\n2023-09-13,SUMMIT_MEETING,RUS,PRK," + "x".repeat(2001) + "\n");
            assertThat(e.column()).isEqualTo("summary");
        }

        @Test
        void aRowWithTooManyFields() {
            var e = onlyError("date,type,actor,target\n2023-09-13,SUMMIT_MEETING,RUS,PRK,extra\n");
            assertThat(e.line()).isEqualTo(2);
            assertThat(e.message()).contains("5 fields but the header has 4");
        }

        @Test
        void aMissingRequiredValue() {
            var e = onlyError("date,type,actor,target\n,SUMMIT_MEETING,RUS,PRK\n");
            assertThat(e).isEqualTo(new ValidationError(2, "date", null, "date is required"));
        }

        @Test
        void bytesThatAreNotUtf8() {
            byte[] body = "date,type,actor,target,summary\n2023-09-13,SUMMIT_MEETING,RUS,PRK,caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
            var r = read(body);
            assertThat(r.errors()).singleElement().satisfies(e -> assertThat(e.message()).contains("UTF-8"));
        }

        @Test
        void anEmptyFile() {
            var e = onlyError("");
            assertThat(e.line()).isEqualTo(1);
            assertThat(e.message()).contains("empty");
        }
    }

    @Test
    void listsEveryErrorOfEveryRow() {
        var r = read("date,type,actor,target,grade\n2023-09-13,SUMMIT_MEETING,RUS,PRK,A1\nbad,NOPE,XXX,PRK,Q7\n2023-09-13,SUMMIT_MEETING,RUS,PRK,B9\n");
        assertThat(r.errors()).extracting(ValidationError::line, ValidationError::column).containsExactly(
                org.assertj.core.groups.Tuple.tuple(3, "date"), org.assertj.core.groups.Tuple.tuple(3, "type"),
                org.assertj.core.groups.Tuple.tuple(3, "actor"), org.assertj.core.groups.Tuple.tuple(3, "grade"),
                org.assertj.core.groups.Tuple.tuple(4, "grade"));
        assertThat(r.rows()).isEqualTo(3);
        assertThat(r.valid()).isEqualTo(1);
    }
}
