package org.mandala.assessment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;

import org.junit.jupiter.api.Test;

class HistoryStepsTests {

    @Test
    void monthlyStepsAreTheMonthEndsWithinTheRange() {
        var steps = AssessmentService.steps(LocalDate.of(2022, 1, 1), LocalDate.of(2023, 12, 31), "month");
        assertThat(steps).hasSize(24);
        assertThat(steps.get(0)).isEqualTo(LocalDate.of(2022, 1, 31));
        assertThat(steps.get(1)).isEqualTo(LocalDate.of(2022, 2, 28));
        assertThat(steps.get(23)).isEqualTo(LocalDate.of(2023, 12, 31));
    }

    @Test
    void quarterlyYearlyWeeklyAndDailySteps() {
        assertThat(AssessmentService.steps(LocalDate.of(2023, 2, 10), LocalDate.of(2023, 12, 31), "quarter"))
                .containsExactly(LocalDate.of(2023, 3, 31), LocalDate.of(2023, 6, 30), LocalDate.of(2023, 9, 30), LocalDate.of(2023, 12, 31));
        assertThat(AssessmentService.steps(LocalDate.of(2020, 6, 1), LocalDate.of(2022, 6, 1), "year"))
                .containsExactly(LocalDate.of(2020, 12, 31), LocalDate.of(2021, 12, 31));
        assertThat(AssessmentService.steps(LocalDate.of(2023, 9, 1), LocalDate.of(2023, 9, 15), "week")).hasSize(3);
        assertThat(AssessmentService.steps(LocalDate.of(2023, 9, 1), LocalDate.of(2023, 9, 3), "day")).hasSize(3);
    }

    @Test
    void refusesAnInvertedRangeAnUnknownStepAndTooManySteps() {
        assertThatThrownBy(() -> AssessmentService.steps(LocalDate.of(2023, 1, 1), LocalDate.of(2022, 1, 1), "month"))
                .isInstanceOfSatisfying(InvalidParameterException.class, e -> assertThat(e.parameter()).isEqualTo("to"));
        assertThatThrownBy(() -> AssessmentService.steps(LocalDate.of(2022, 1, 1), LocalDate.of(2023, 1, 1), "fortnight"))
                .isInstanceOfSatisfying(InvalidParameterException.class, e -> assertThat(e.parameter()).isEqualTo("step"));
        assertThatThrownBy(() -> AssessmentService.steps(LocalDate.of(2000, 1, 1), LocalDate.of(2023, 1, 1), "day"))
                .isInstanceOf(InvalidParameterException.class);
    }
}
