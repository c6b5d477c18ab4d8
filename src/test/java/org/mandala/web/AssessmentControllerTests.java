package org.mandala.web;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.LocalDate;

import org.junit.jupiter.api.Test;
import org.mandala.assessment.AssessmentKey;
import org.mandala.assessment.AssessmentService;
import org.mandala.assessment.InvalidParameterException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

@WebMvcTest(AssessmentController.class)
@org.springframework.context.annotation.Import(AssessmentAnswers.class)
// the controller alone: access rules are tested end to end in AccessTests
@org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc(addFilters = false)
class AssessmentControllerTests {

    @Autowired
    MockMvc mvc;

    @MockitoBean
    org.mandala.explanation.ChangeService changes;

    @MockitoBean
    AssessmentService assessments;

    @MockitoBean
    org.mandala.indicator.IndicatorRepository indicators;

    @MockitoBean
    org.mandala.policy.RulesetStore rulesets;

    private final AssessmentKey key = new AssessmentKey("IND", LocalDate.of(2023, 9, 30), 4, "0123456789ab");

    @Test
    void anUnchangedAssessmentIsNotModifiedWithoutRunningAnyRule() throws Exception {
        given(assessments.currentKey("IND", LocalDate.of(2023, 9, 30))).willReturn(key);
        mvc.perform(get("/api/assessment").param("focus", "IND").param("asOf", "2023-09-30").header("If-None-Match", key.etag()))
                .andExpect(status().isNotModified())
                .andExpect(header().string("ETag", key.etag()));
        verify(assessments, never()).assess(any());
    }

    @Test
    void aDateThatIsNoDateIsABadRequest() throws Exception {
        mvc.perform(get("/api/assessment").param("asOf", "2023-02-30"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.parameter").value("asOf"))
                .andExpect(jsonPath("$.detail").value("asOf 2023-02-30 is written right but there is no such day"));
        mvc.perform(get("/api/assessment").param("asOf", "30/09/2023"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("asOf must be a date written yyyy-MM-dd, e.g. 2023-09-30"));
    }

    @Test
    void anUnknownFocusIsABadRequest() throws Exception {
        given(assessments.currentKey("XYZ", null)).willThrow(new InvalidParameterException("focus", "XYZ", "the focus must be a state's code"));
        mvc.perform(get("/api/assessment").param("focus", "XYZ"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.parameter").value("focus"));
    }
}
