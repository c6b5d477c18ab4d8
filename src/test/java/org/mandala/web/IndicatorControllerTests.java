package org.mandala.web;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.InputStream;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.mandala.indicator.ImportReport;
import org.mandala.indicator.Indicator;
import org.mandala.indicator.IndicatorImportService;
import org.mandala.indicator.IndicatorRepository;
import org.mandala.indicator.IndicatorsRejectedException;
import org.mandala.indicator.ValidationError;
import org.mandala.system.MandalaProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

@WebMvcTest(IndicatorController.class)
// the controller alone: access rules are tested end to end in AccessTests
@org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc(addFilters = false)
@EnableConfigurationProperties(MandalaProperties.class)
class IndicatorControllerTests {

    @Autowired
    MockMvc mvc;

    @MockitoBean
    IndicatorImportService importer;

    @MockitoBean
    IndicatorRepository repository;

    @MockitoBean
    org.mandala.indicator.ImportJobs jobs;

    @Test
    void aValidCsvBodyIsCreatedWithItsReport() throws Exception {
        given(importer.importStream(any(InputStream.class), anyString(), anyString())).willReturn(new ImportReport("b-1", 12, 9, 3, Map.of()));
        mvc.perform(post("/api/indicators").contentType("text/csv").content("date,type,actor,target\n"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.batchId").value("b-1"))
                .andExpect(jsonPath("$.accepted").value(9))
                .andExpect(jsonPath("$.duplicates").value(3))
                .andExpect(jsonPath("$.rows").value(12));
    }

    @Test
    void aMultipartFileInFieldFileIsImported() throws Exception {
        given(importer.importStream(any(InputStream.class), anyString(), anyString())).willReturn(new ImportReport("b-2", 1, 1, 0, Map.of()));
        mvc.perform(multipart("/api/indicators").file(new MockMultipartFile("file", "x.csv", "text/csv", "date\n".getBytes())))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.accepted").value(1));
    }

    @Test
    void indicatorsAreListedAsAPageWithTheTotal() throws Exception {
        var i = new Indicator("x", LocalDate.of(2023, 9, 13), null, "SUMMIT_MEETING", "RUS", "PRK", null, null, "A1", "src", null);
        given(repository.page(any(), org.mockito.ArgumentMatchers.eq(0), org.mockito.ArgumentMatchers.eq(50)))
                .willReturn(List.of(new IndicatorRepository.Stored(1, i)));
        given(repository.count(any())).willReturn(7L);
        mvc.perform(get("/api/indicators").param("actor", "RUS"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items[0].id").value("x"))
                .andExpect(jsonPath("$.items[0].date").value("2023-09-13"))
                .andExpect(jsonPath("$.total").value(7));
    }

    @Nested
    class RefusesWithAProblem {

        @Test
        void anInvalidFileWithEveryErrorAndItsLine() throws Exception {
            given(importer.importStream(any(InputStream.class), anyString(), anyString())).willThrow(new IndicatorsRejectedException(
                    List.of(new ValidationError(7, "grade", "Z9", "grade must be an Admiralty code")), 1));
            mvc.perform(post("/api/indicators").contentType("text/csv").content("whatever"))
                    .andExpect(status().isUnprocessableContent())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.errors[0].line").value(7))
                    .andExpect(jsonPath("$.errors[0].column").value("grade"))
                    .andExpect(jsonPath("$.errors[0].value").value("Z9"))
                    .andExpect(jsonPath("$.errors[0].message").value("grade must be an Admiralty code"));
        }

        @Test
        void anotherContentType() throws Exception {
            mvc.perform(post("/api/indicators").contentType(MediaType.TEXT_PLAIN).content("x"))
                    .andExpect(status().isUnsupportedMediaType())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
            // neither imported at once nor started as a job
            verifyNoInteractions(importer, jobs);
        }

        @Test
        void anUnsupportedFormat() throws Exception {
            mvc.perform(post("/api/indicators").param("format", "acled").contentType("text/csv").content("x"))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.parameter").value("format"));
            verifyNoInteractions(importer, jobs);
        }

        @Test
        void aPageSizeOutOfRange() throws Exception {
            mvc.perform(get("/api/indicators").param("size", "100000"))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.parameter").value("size"));
        }

        @Test
        void aBusyStoreWithA503AndRetryAfterInsteadOfAnError() throws Exception {
            given(importer.importStream(any(InputStream.class), anyString(), anyString())).willThrow(
                    new org.mandala.indicator.ImportsBusyException("other imports are storing; nothing of the file was stored",
                            java.time.Duration.ofSeconds(30)));
            mvc.perform(post("/api/indicators").contentType("text/csv").content("date,type,actor,target\n"))
                    .andExpect(status().isServiceUnavailable())
                    .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.header().string("Retry-After", "30"))
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.detail").value("other imports are storing; nothing of the file was stored"));
        }

        @Test
        void anUnexpectedFailureWithoutAStackTrace() throws Exception {
            given(importer.importStream(any(InputStream.class), anyString(), anyString())).willThrow(new IllegalStateException("disk on fire"));
            mvc.perform(post("/api/indicators").contentType("text/csv").content("x"))
                    .andExpect(status().isInternalServerError())
                    .andExpect(content().string(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("disk on fire"))));
        }
    }
}
