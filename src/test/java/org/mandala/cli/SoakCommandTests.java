package org.mandala.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.mandala.cli.SoakLedger.Outcome;
import org.mandala.cli.SoakLedger.Upload;
import picocli.CommandLine;

/** The soak's options and its verdicts, without starting a service. */
class SoakCommandTests {

    private static final List<String> FILE_A = List.of("a1", "a2", "a3");
    private static final List<String> FILE_B = List.of("b1", "b2");

    @Nested
    class Options {
        private final StringWriter out = new StringWriter();
        private final StringWriter err = new StringWriter();

        private int run(String... args) {
            return new CommandLine(new SoakCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        }

        @Test
        void helpPrintsTheOptionsAndStartsNothing() {
            assertThat(run("--help")).isZero();
            assertThat(out.toString()).contains("--minutes", "--uploaders", "--pollers", "--kill-every", "--port", "--report");
        }

        @Test
        void refusesAnUnknownOptionNamingIt() {
            assertThat(run("--minuts", "2")).isEqualTo(2);
            assertThat(err.toString()).contains("Unknown option", "--minuts");
        }

        @Test
        void refusesADurationItCannotRead() {
            assertThat(run("--kill-every", "often")).isEqualTo(2);
            assertThat(err.toString()).contains("--kill-every", "often");
        }

        @Test
        void readsFractionalMinutesSecondsAndDurations() {
            SoakCommand soak = new SoakCommand();
            new CommandLine(soak).parseArgs("--minutes", "1.5", "--kill-every", "20s", "--activate-every", "500ms");
            assertThat(soak.length()).isEqualTo(Duration.ofSeconds(90));
            assertThat(soak.killEvery).isEqualTo(Duration.ofSeconds(20));
            assertThat(soak.activateEvery).isEqualTo(Duration.ofMillis(500));
            assertThat(soak.uploaders).isEqualTo(8);
            assertThat(soak.pollers).isEqualTo(50);

            new CommandLine(soak).parseArgs("--seconds", "45", "--kill-every", "0");
            assertThat(soak.length()).isEqualTo(Duration.ofSeconds(45));
            assertThat(soak.killEvery).isZero();
        }
    }

    @Nested
    class Verdicts {

        @Test
        void holdWhenEveryAcknowledgedRowIsStoredOnceAndLostAnswersLandedWholeOrNotAtAll() {
            SoakLedger.Verdicts v = SoakLedger.judge(List.of(created("A", FILE_A), lost("B", FILE_B)),
                    Map.of("a1", 1, "a2", 1, "a3", 1), Map.of());
            assertThat(v.passed()).isTrue();
        }

        @Test
        void findARowOfA201UploadThatIsNotStored() {
            SoakLedger.Verdicts v = SoakLedger.judge(List.of(created("A", FILE_A)), Map.of("a1", 1, "a3", 1), Map.of());
            assertThat(v.rowsLost()).singleElement().asString().contains("A (201)", "1 of 3", "a2");
            assertThat(v.passed()).isFalse();
        }

        @Test
        void findARowStoredTwice() {
            SoakLedger.Verdicts v = SoakLedger.judge(List.of(created("A", FILE_A)), Map.of("a1", 1, "a2", 2, "a3", 1), Map.of());
            assertThat(v.rowsDoubled()).containsExactly("a2 is stored 2 times");
        }

        @Test
        void findAFileWhoseAnswerWasLostAndThatLandedInPart() {
            SoakLedger.Verdicts v = SoakLedger.judge(List.of(lost("B", FILE_B)), Map.of("b1", 1), Map.of());
            assertThat(v.halfStored()).singleElement().asString().contains("B (answer lost)", "1 of 2");
        }

        @Test
        void findARefusedFileWithRowsStored() {
            Upload refused = new Upload("C", FILE_B, false, null, Outcome.REFUSED, null, 0);
            SoakLedger.Verdicts v = SoakLedger.judge(List.of(refused), Map.of("b2", 1), Map.of());
            assertThat(v.refusedButStored()).singleElement().asString().contains("C (422)");
        }

        @Test
        void findAResendThatStoredRowsAlreadyAcknowledged() {
            Upload resend = new Upload("A-again", FILE_A, true, "A", Outcome.CREATED, null, 2);
            SoakLedger.Verdicts v = SoakLedger.judge(List.of(created("A", FILE_A), resend), Map.of("a1", 1, "a2", 1, "a3", 1),
                    Map.of());
            assertThat(v.rowsLost()).singleElement().asString().contains("A-again resends A", "2 of its rows again");
        }

        @Test
        void findJobsWhoseStatusDisagreesWithTheStore() {
            Upload done = new Upload("D", FILE_A, true, null, Outcome.ACCEPTED, "job-d", 0);
            Upload failed = new Upload("F", FILE_B, true, null, Outcome.ACCEPTED, "job-f", 0);
            Upload running = new Upload("R", List.of("r1"), true, null, Outcome.ACCEPTED, "job-r", 0);
            SoakLedger.Verdicts v = SoakLedger.judge(List.of(done, failed, running), Map.of("a1", 1, "b1", 1, "b2", 1),
                    Map.of("job-d", "DONE", "job-f", "FAILED", "job-r", "RUNNING"));
            assertThat(v.untruthfulJobs()).hasSize(3).anySatisfy(s -> assertThat(s).contains("job-d reads DONE but 2 of 3"))
                    .anySatisfy(s -> assertThat(s).contains("job-f reads FAILED but 2 of 2"))
                    .anySatisfy(s -> assertThat(s).contains("job-r still reads RUNNING"));
            assertThat(v.halfStored()).singleElement().asString().contains("D (job DONE)");
        }

        @Test
        void acceptJobsWhoseStatusMatchesTheStore() {
            Upload done = new Upload("D", FILE_A, true, null, Outcome.ACCEPTED, "job-d", 0);
            Upload failed = new Upload("F", FILE_B, false, null, Outcome.ACCEPTED, "job-f", 0);
            SoakLedger.Verdicts v = SoakLedger.judge(List.of(done, failed), Map.of("a1", 1, "a2", 1, "a3", 1),
                    Map.of("job-d", "DONE", "job-f", "FAILED"));
            assertThat(v.passed()).isTrue();
        }

        private static Upload created(String name, List<String> ids) {
            return new Upload(name, ids, true, null, Outcome.CREATED, null, ids.size());
        }

        private static Upload lost(String name, List<String> ids) {
            return new Upload(name, ids, true, null, Outcome.LOST, null, 0);
        }
    }
}
