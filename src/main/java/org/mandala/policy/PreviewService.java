package org.mandala.policy;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.mandala.assessment.Assessment;
import org.mandala.assessment.AssessmentEngine;
import org.mandala.assessment.AssessmentKey;
import org.mandala.assessment.AssessmentService;
import org.mandala.explanation.ChangeService;
import org.mandala.indicator.ActorCodes;
import org.mandala.indicator.IndicatorSnapshots;
import org.mandala.model.Conclusion;
import org.mandala.model.ConclusionKey;
import org.mandala.rules.Ruleset;
import org.springframework.stereotype.Service;

/**
 * The impact of a candidate ruleset before anyone activates it: for the current data, today and
 * each of the last 12 month-ends, the conclusions that would appear, disappear or change level
 * or score under the candidate against the active set. Nothing is stored or activated.
 */
@Service
public class PreviewService {
    static final int MONTHS = 12;

    /**
     * @param asOf     the date previewed, and its 12 previous month-ends after it
     * @param warnings the warnings activating the candidate would raise for the focus at {@code asOf}: a ruleset
     *                 activation is a change the tripwires compare across, as alerts do
     */
    public record Preview(String focus, String activeVersion, String candidateVersion, long dataVersion, RuleTests.Report tests,
                          List<Step> steps, LocalDate asOf, List<WarningItem> warnings) {
    }

    /** A warning the activation would raise: its key, severity and message. */
    public record WarningItem(String key, String label, String severity, String message) {
    }

    public record Step(LocalDate asOf, List<Item> appeared, List<Item> disappeared, List<Item> changed) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Item(String key, String before, String after, String levelBefore, String levelAfter, Double scoreBefore,
                       Double scoreAfter) {
    }

    private final RulesetLifecycle lifecycle;
    private final AssessmentService assessments;
    private final IndicatorSnapshots snapshots;
    private final ActorCodes codes;
    private final Clock clock = Clock.systemUTC();

    PreviewService(RulesetLifecycle lifecycle, AssessmentService assessments, IndicatorSnapshots snapshots, ActorCodes codes) {
        this.lifecycle = lifecycle;
        this.assessments = assessments;
        this.snapshots = snapshots;
        this.codes = codes;
    }

    /**
     * Compiles the candidate (the active files with these changed), runs its rule tests and compares
     * its conclusions with the active set's.
     *
     * @throws org.mandala.rules.RulesetException when the candidate does not compile or breaks the sandbox
     */
    public Preview preview(Map<String, byte[]> changes, String focus) {
        return preview(changes, focus, null);
    }

    /** The same at a date of the caller's ({@code asOf}, today when null): a dashboard previews at the date it shows. */
    public Preview preview(Map<String, byte[]> changes, String focus, LocalDate asOf) {
        SortedMap<String, byte[]> files = lifecycle.withChanges(changes);
        // failing rule tests are part of the answer: a preview is for deciding, activation is where they refuse
        RulesetLifecycle.Validated candidate = lifecycle.compileAndTest(files);
        Ruleset ruleset = candidate.ruleset();
        LocalDate today = asOf != null ? asOf : LocalDate.now(clock);
        List<LocalDate> dates = new ArrayList<>(List.of(today));
        for (int i = 1; i <= MONTHS; i++) {
            LocalDate d = today.minusMonths(i);
            dates.add(d.withDayOfMonth(d.lengthOfMonth()));
        }
        AssessmentKey now = assessments.currentKey(focus, today);
        List<Step> steps = dates.parallelStream().map(d -> {
            AssessmentKey key = new AssessmentKey(now.focus(), d, now.dataVersion(), now.rulesetVersion());
            Assessment before = assessments.assess(key);
            Assessment after = RulesetLifecycle.trial(() -> AssessmentEngine.assess(ruleset, snapshots.atLeast(key.dataVersion()),
                    key.dataVersion(), key.focus(), d, codes, assessments.bounds(), null), ruleset, d);
            return step(d, before, after);
        }).toList();
        return new Preview(now.focus(), now.rulesetVersion(), ruleset.version(), now.dataVersion(), candidate.tests(), steps, today,
                warnings(ruleset, now, today));
    }

    /** The tripwires of the candidate over its assessment at the date, against the active set's and the candidate's previous month-end. */
    private List<WarningItem> warnings(Ruleset ruleset, AssessmentKey now, LocalDate date) {
        Assessment before = assessments.assess(now);
        LocalDate monthEnd = org.mandala.assessment.Warnings.previousMonthEnd(date);
        Assessment after = RulesetLifecycle.trial(() -> AssessmentEngine.assess(ruleset, snapshots.atLeast(now.dataVersion()),
                now.dataVersion(), now.focus(), date, codes, assessments.bounds(), null), ruleset, date);
        Assessment afterMonthEnd = RulesetLifecycle.trial(() -> AssessmentEngine.assess(ruleset, snapshots.atLeast(now.dataVersion()),
                now.dataVersion(), now.focus(), monthEnd, codes, assessments.bounds(), null), ruleset, monthEnd);
        List<org.mandala.model.Earlier> earlier = org.mandala.assessment.Warnings.earlier(before, "since ruleset " + now.rulesetVersion(),
                afterMonthEnd);
        return RulesetLifecycle.trial(() -> org.mandala.assessment.Warnings.evaluate(after, earlier, assessments.bounds(), null), ruleset, date)
                .stream().map(w -> new WarningItem(w.key().toString(), w.getLabel(), w.getSeverity().name(), w.getSummary())).toList();
    }

    private static Step step(LocalDate d, Assessment before, Assessment after) {
        Map<ConclusionKey, Conclusion> b = ChangeService.reported(before);
        Map<ConclusionKey, Conclusion> a = ChangeService.reported(after);
        List<Item> appeared = new ArrayList<>();
        List<Item> disappeared = new ArrayList<>();
        List<Item> changed = new ArrayList<>();
        a.forEach((k, c) -> {
            Conclusion old = b.get(k);
            if (old == null) {
                appeared.add(item(k, null, c));
            } else if (ChangeService.differ(old, c)) {
                changed.add(item(k, old, c));
            }
        });
        b.forEach((k, c) -> {
            if (!a.containsKey(k)) {
                disappeared.add(item(k, c, null));
            }
        });
        return new Step(d, appeared, disappeared, changed);
    }

    private static Item item(ConclusionKey key, Conclusion before, Conclusion after) {
        return new Item(key.toString(), before == null ? null : before.describe(), after == null ? null : after.describe(),
                before == null ? null : ChangeService.level(before), after == null ? null : ChangeService.level(after),
                before == null ? null : Conclusion.round1(ChangeService.score(before)),
                after == null ? null : Conclusion.round1(ChangeService.score(after)));
    }
}
