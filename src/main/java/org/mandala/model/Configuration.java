package org.mandala.model;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The numbers of the methodology: the type catalogue, grade factors, level thresholds, named
 * level settings (the least levels the rules test for and give) and named parameters. Filled once per ruleset by the decision tables under {@code rules/} (their rules
 * match an incomplete configuration and call the {@code define...} methods), then frozen and
 * shared read-only by every assessment made with that ruleset.
 */
public final class Configuration {
    /** The alignment settings of {@code levels.drl.csv} that the rules read, each required of a ruleset. */
    public static final java.util.List<String> ALIGNMENT_SETTINGS = java.util.List.of("PARTNERSHIP_ALIGNMENT", "PARTNER_ALIGNMENT",
            "AXIS_ALIGNMENT", "CONVERGENCE_ALIGNMENT", "CLOSE_CONVERGENCE_ALIGNMENT");
    /** The risk settings of {@code levels.drl.csv} that the rules read, each required of a ruleset. */
    public static final java.util.List<String> RISK_SETTINGS = java.util.List.of("CONVERGENCE_FLOOR", "CLOSE_CONVERGENCE_FLOOR",
            "MILITARY_PRESSURE_FLOOR", "ARMED_CONFLICT_FLOOR");

    private final Map<String, TypeProfile> types = new LinkedHashMap<>();
    private final Map<Character, Double> reliability = new TreeMap<>();
    private final Map<Character, Double> credibility = new TreeMap<>();
    private final NavigableMap<Double, AlignmentLevel> alignmentBands = new TreeMap<>();
    private final NavigableMap<Double, RiskLevel> riskBands = new TreeMap<>();
    private final Map<String, Double> parameters = new java.util.HashMap<>();
    private final Map<String, double[]> units = new java.util.HashMap<>();
    private final Map<String, KindProfile> kinds = new LinkedHashMap<>();
    private final Map<String, TripwireProfile> tripwires = new LinkedHashMap<>();
    private final Map<String, String> directions = new java.util.HashMap<>();
    private final Map<String, String> matters = new java.util.HashMap<>();
    private final Map<String, AlignmentLevel> alignmentSettings = new java.util.HashMap<>();
    private final Map<String, RiskLevel> riskSettings = new java.util.HashMap<>();
    private final Map<AlignmentLevel, Double> alignmentMinimum = new EnumMap<>(AlignmentLevel.class);
    private final Map<RiskLevel, Double> riskMinimum = new EnumMap<>(RiskLevel.class);
    private boolean complete;

    public boolean isComplete() {
        return complete;
    }

    /** Freezes the configuration; the decision tables stop matching it. */
    public Configuration complete() {
        complete = true;
        return this;
    }

    private void checkOpen() {
        if (complete) {
            throw new IllegalStateException("the configuration is frozen");
        }
    }

    public void defineType(String type, String polarity, double weight, double halfLifeDays, boolean durable) {
        checkOpen();
        types.put(type, new TypeProfile(type, Polarity.valueOf(polarity), weight, halfLifeDays, durable));
    }

    /**
     * Defines how a magnitude in a unit weighs (catalogue, v2): a row of {@code reference} units
     * weighs as a row without magnitude; each tenfold more adds {@code factor} to its weight's
     * multiplier, each tenfold less takes it off, down to {@code least}.
     */
    public void defineUnit(String unit, double reference, double factor, double least) {
        checkOpen();
        units.put(unit, new double[] {reference, factor, least});
    }

    /**
     * The multiplier of an indicator's weight for its magnitude: {@code max(least, 1 + factor ×
     * log10(magnitude / reference))} with the unit's row of the catalogue; 1 for a row without a
     * magnitude or in a unit the catalogue does not list.
     */
    public double magnitudeFactor(String unit, double magnitude) {
        double[] u = unit == null || Double.isNaN(magnitude) ? null : units.get(unit);
        if (u == null) {
            return 1.0;
        }
        if (magnitude <= 0.0) {
            return u[2];
        }
        return Math.max(u[2], 1.0 + u[1] * Math.log10(magnitude / u[0]));
    }

    /** Whether the catalogue lists how a unit weighs. */
    public boolean weighsUnit(String unit) {
        return units.containsKey(unit);
    }

    public void defineReliability(String letter, double factor) {
        checkOpen();
        reliability.put(letter.charAt(0), factor);
    }

    public void defineCredibility(String digit, double factor) {
        checkOpen();
        credibility.put(digit.charAt(0), factor);
    }

    public void defineAlignmentLevel(String level, double minimumScore) {
        checkOpen();
        AlignmentLevel l = AlignmentLevel.valueOf(level);
        alignmentBands.put(minimumScore, l);
        alignmentMinimum.put(l, minimumScore);
    }

    public void defineRiskLevel(String level, double minimumScore) {
        checkOpen();
        RiskLevel l = RiskLevel.valueOf(level);
        riskBands.put(minimumScore, l);
        riskMinimum.put(l, minimumScore);
    }

    public void defineParameter(String name, double value) {
        checkOpen();
        parameters.put(name, value);
    }

    /**
     * Defines a kind of threat: its label, what it means, the least level of a threat of that kind,
     * and the component of the autonomy risk it presses on ({@code STRUCTURAL} or {@code ACUTE}).
     */
    public void defineKind(String kind, String label, String description, String floor, String component) {
        checkOpen();
        if (!component.equals(KindProfile.STRUCTURAL) && !component.equals(KindProfile.ACUTE)) {
            throw new IllegalArgumentException("kind " + kind + ": component must be STRUCTURAL or ACUTE, not " + component);
        }
        kinds.put(kind, new KindProfile(kind, label, description, RiskLevel.valueOf(floor), component));
    }

    /**
     * Defines how a kind's direction reads: a template with {@code {first}} and {@code {second}}, the
     * states in the order the kind's rule names them, e.g. {@code {first} → {second} arms}.
     */
    public void defineDirection(String kind, String template) {
        checkOpen();
        directions.put(kind, template);
    }

    /** Defines, in one line a minister reads, why a threat of this kind matters to the focus. */
    public void defineMatters(String kind, String line) {
        checkOpen();
        matters.put(kind, line);
    }

    /** Why a threat of this kind matters, in one line; null when the table gives none. */
    public String matters(String kind) {
        return matters.get(kind);
    }

    /** A threat's direction in words, or null when its kind has none or it names other than two states. */
    public String direction(String kind, java.util.List<String> ordered) {
        String template = directions.get(kind);
        if (template == null || ordered.size() != 2) {
            return null;
        }
        return template.replace("{first}", ordered.get(0)).replace("{second}", ordered.get(1));
    }

    /** The kinds of threat the kinds table lists, in its order. */
    public Map<String, KindProfile> kinds() {
        return Collections.unmodifiableMap(kinds);
    }

    /** The profile of a kind; one the table does not list gets its code as label and no floor. */
    public KindProfile kind(String kind) {
        KindProfile k = kinds.get(kind);
        return k != null ? k : KindProfile.unlisted(kind);
    }

    /**
     * Defines a tripwire: the code its warnings are drawn with, what people call it, the least
     * severity of its warnings, and what crossing it means (the tripwires table of {@code warnings.drl.csv}).
     */
    public void defineTripwire(String code, String label, String severity, String description) {
        checkOpen();
        tripwires.put(code, new TripwireProfile(code, label, RiskLevel.valueOf(severity), description));
    }

    /** The tripwires the tables list, in their order. */
    public Map<String, TripwireProfile> tripwires() {
        return Collections.unmodifiableMap(tripwires);
    }

    /** The profile of a tripwire; one the table does not list gets its code as label and severity LOW. */
    public TripwireProfile tripwire(String code) {
        TripwireProfile t = tripwires.get(code);
        return t != null ? t : new TripwireProfile(code, code, RiskLevel.LOW, "");
    }

    public void defineAlignmentSetting(String name, String level) {
        checkOpen();
        alignmentSettings.put(name, AlignmentLevel.valueOf(level));
    }

    public void defineRiskSetting(String name, String level) {
        checkOpen();
        riskSettings.put(name, RiskLevel.valueOf(level));
    }

    public Map<String, TypeProfile> types() {
        return Collections.unmodifiableMap(types);
    }

    public TypeProfile profile(String type) {
        return types.get(type);
    }

    /**
     * A frozen copy with some parameters set to other values, e.g. for a rule test that needs a
     * lower threshold than the tables give; a name the parameters table does not define is refused.
     */
    public Configuration withParameters(Map<String, Double> overrides) {
        for (String name : overrides.keySet()) {
            if (!parameters.containsKey(name)) {
                throw new IllegalArgumentException("parameter " + name + " is not defined in the parameters table");
            }
        }
        Configuration copy = new Configuration();
        copy.types.putAll(types);
        copy.reliability.putAll(reliability);
        copy.credibility.putAll(credibility);
        copy.alignmentBands.putAll(alignmentBands);
        copy.riskBands.putAll(riskBands);
        copy.parameters.putAll(parameters);
        copy.parameters.putAll(overrides);
        copy.units.putAll(units);
        copy.kinds.putAll(kinds);
        copy.tripwires.putAll(tripwires);
        copy.directions.putAll(directions);
        copy.matters.putAll(matters);
        copy.alignmentSettings.putAll(alignmentSettings);
        copy.riskSettings.putAll(riskSettings);
        copy.alignmentMinimum.putAll(alignmentMinimum);
        copy.riskMinimum.putAll(riskMinimum);
        return copy.complete();
    }

    /** Whether the parameters table defines a parameter. */
    public boolean hasParameter(String name) {
        return parameters.containsKey(name);
    }

    /** A named parameter of the parameters table; a missing one is a defect of the ruleset. */
    public double param(String name) {
        Double value = parameters.get(name);
        if (value == null) {
            throw new IllegalArgumentException("parameter " + name + " is not defined in the parameters table");
        }
        return value;
    }

    /**
     * The score (0–100) of some evidence through the saturating curve of methodology v2,
     * {@code 100 × (1 − e^(−evidence / scale))} with {@code scale} the named parameter: more
     * evidence always raises the score while it is below 100, and no amount pins it there (at
     * evidence equal to the scale the score is 63.2; twice, 86.5; three times, 95.0). No evidence, or
     * less than none, scores 0.
     */
    public double saturate(double evidence, String scaleParameter) {
        return evidence <= 0.0 ? 0.0 : 100.0 * (1.0 - Math.exp(-evidence / param(scaleParameter)));
    }

    /** The evidence whose {@link #saturate} score is {@code score} (infinite for 100 or more). */
    public double evidenceFor(double score, String scaleParameter) {
        return score <= 0.0 ? 0.0 : score >= 100.0 ? Double.POSITIVE_INFINITY : -param(scaleParameter) * Math.log(1.0 - score / 100.0);
    }

    /** A named alignment level of the alignment settings table, e.g. {@code PARTNER_ALIGNMENT}; a missing one is a defect of the ruleset. */
    public AlignmentLevel alignment(String name) {
        AlignmentLevel level = alignmentSettings.get(name);
        if (level == null) {
            throw new IllegalArgumentException("alignment setting " + name + " is not defined in the alignment settings table");
        }
        return level;
    }

    /** An alignment level by its name ({@code ALLIANCE}) or by the alignment setting that names it ({@code PARTNERSHIP_ALIGNMENT}). */
    public AlignmentLevel level(String levelOrSetting) {
        for (AlignmentLevel l : AlignmentLevel.values()) {
            if (l.name().equals(levelOrSetting)) {
                return l;
            }
        }
        return alignment(levelOrSetting);
    }

    /** A named risk level of the risk settings table, e.g. {@code CONVERGENCE_FLOOR}; a missing one is a defect of the ruleset. */
    public RiskLevel risk(String name) {
        RiskLevel level = riskSettings.get(name);
        if (level == null) {
            throw new IllegalArgumentException("risk setting " + name + " is not defined in the risk settings table");
        }
        return level;
    }

    /** Grade factor of an Admiralty code: source reliability factor times information credibility factor. */
    public double gradeFactor(String grade) {
        return reliability.getOrDefault(grade.charAt(0), 0.0) * credibility.getOrDefault(grade.charAt(1), 0.0);
    }

    public AlignmentLevel alignmentLevel(double score) {
        Map.Entry<Double, AlignmentLevel> band = alignmentBands.floorEntry(score);
        return band == null ? AlignmentLevel.NONE : band.getValue();
    }

    /** The least score of an alignment level (0 for NONE). */
    public double alignmentMinimum(AlignmentLevel level) {
        return level == AlignmentLevel.NONE ? 0.0 : alignmentMinimum.getOrDefault(level, Double.NaN);
    }

    /** The least score of a risk level (0 for LOW). */
    public double riskMinimum(RiskLevel level) {
        return level == RiskLevel.LOW ? 0.0 : riskMinimum.getOrDefault(level, Double.NaN);
    }

    public RiskLevel riskLevel(double score) {
        Map.Entry<Double, RiskLevel> band = riskBands.floorEntry(score);
        return band == null ? RiskLevel.LOW : band.getValue();
    }

    /** What a usable ruleset must define; each missing piece is named. */
    public java.util.List<String> missingPieces() {
        java.util.List<String> missing = new java.util.ArrayList<>();
        if (types.isEmpty()) {
            missing.add("the type catalogue defines no type");
        }
        for (char c = 'A'; c <= 'F'; c++) {
            if (!reliability.containsKey(c)) {
                missing.add("no factor for source reliability " + c);
            }
        }
        for (char c = '1'; c <= '6'; c++) {
            if (!credibility.containsKey(c)) {
                missing.add("no factor for information credibility " + c);
            }
        }
        for (AlignmentLevel l : AlignmentLevel.values()) {
            // ALLIANCE comes from a rule (a treaty in force), not from a score: it needs no threshold
            if (l != AlignmentLevel.NONE && l != AlignmentLevel.ALLIANCE && !alignmentMinimum.containsKey(l)) {
                missing.add("no threshold for alignment level " + l);
            }
        }
        for (RiskLevel l : RiskLevel.values()) {
            if (l != RiskLevel.LOW && !riskMinimum.containsKey(l)) {
                missing.add("no threshold for risk level " + l);
            }
        }
        for (String name : ALIGNMENT_SETTINGS) {
            if (!alignmentSettings.containsKey(name)) {
                missing.add("no alignment setting " + name);
            }
        }
        for (String name : RISK_SETTINGS) {
            if (!riskSettings.containsKey(name)) {
                missing.add("no risk setting " + name);
            }
        }
        for (String p : Confidence.PARAMETERS) {
            if (!parameters.containsKey(p)) {
                missing.add("no parameter " + p + " (confidence)");
            }
        }
        return missing;
    }
}
