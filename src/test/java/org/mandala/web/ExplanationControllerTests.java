package org.mandala.web;

import static org.mockito.BDDMockito.given;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.mandala.explanation.Explanation;
import org.mandala.explanation.ExplanationService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

@WebMvcTest(ExplanationController.class)
// the controller alone: access rules are tested end to end in AccessTests
@org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc(addFilters = false)
class ExplanationControllerTests {

    @Autowired
    MockMvc mvc;

    @MockitoBean
    ExplanationService explanations;

    @MockitoBean
    org.mandala.explanation.WhyNotService whyNot;

    @Test
    void anExplanationHasItsRuleNarrativeAndGrounds() throws Exception {
        var e = new Explanation("id-1", "PRK–RUS alignment STRONG (61.4)", "HIGH", new Explanation.Rule("r", "d", "rules/alignment.drl"),
                "narrative", "score = sum of the contributions = 61.40", List.of(), null, null, null);
        given(explanations.explain("id-1")).willReturn(Optional.of(e));
        mvc.perform(get("/api/explanations/id-1"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.rule.file").value("rules/alignment.drl"))
                .andExpect(jsonPath("$.confidence").value("HIGH"))
                .andExpect(jsonPath("$.because").isArray())
                .andExpect(jsonPath("$.omitted").doesNotExist());
    }

    @Test
    void anUnknownIdIsNotFound() throws Exception {
        given(explanations.explain("nope")).willReturn(Optional.empty());
        mvc.perform(get("/api/explanations/nope"))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    }
}
