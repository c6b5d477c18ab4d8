package org.mandala.indicator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Staged rows come back exactly as they went in, across files, NULL and empty text kept apart. */
class StagedRowsTests {

    @TempDir
    Path dir;

    @Test
    void rowsReadBackAsStagedInOrderAcrossFiles() {
        List<Indicator> rows = List.of(
                new Indicator("a", LocalDate.of(2023, 6, 11), null, "FUEL_SHIPMENT", "RUS", "PAK", 45000.0, "TONNES", "A1", "src", "crude, \"first\"\ncargo"),
                new Indicator("b", LocalDate.of(1947, 10, 22), LocalDate.of(1948, 1, 1), "TERRITORIAL_DISPUTE", "IND", "PAK", null, null, "F6", null, null),
                new Indicator("c", LocalDate.of(2020, 1, 1), null, "SANCTION", "USA", "IRN", 1.0E-7, "USD_M", "B2", "", " spaced "));
        int[] made = {0};
        StagedRows stage = new StagedRows(() -> dir.resolve("staged-" + made[0]++), 2);
        try (stage) {
            rows.forEach(stage::add);
        }
        assertThat(stage.rows()).isEqualTo(3);
        assertThat(stage.files()).hasSize(2);
        List<Indicator> back = new ArrayList<>();
        stage.files().forEach(f -> StagedRows.readBack(f, back::add));
        assertThat(back).containsExactlyElementsOf(rows);
    }
}
