package org.mandala.assessment;

import org.mandala.indicator.IndicatorSnapshot;
import org.mandala.model.Configuration;
import org.mandala.model.TypeProfile;

/**
 * How one indicator weighs at the assessment date (methodology M1, M9): its type's weight, times
 * the factor of its grade, times the factor of its magnitude (v2, see
 * {@link Configuration#magnitudeFactor}), times its decay. Used on the hot path by {@link EvidenceAggregator}
 * and again, for a handful of rows, by explanations, so both always agree.
 *
 * <ul>
 * <li>A durable type counts in full from its date while in force (no {@code until}, or
 *     {@code until} not passed) and not at all after {@code until}.</li>
 * <li>A non-durable type counts in full while it lasts ({@code until} not passed), then halves
 *     every half-life from its {@code until}, or from its date when it has none.</li>
 * <li>In force: a durable type as above; a non-durable one while it lasts or, without
 *     {@code until}, for {@code IN_FORCE_HALF_LIVES} half-lives after its date.</li>
 * </ul>
 */
public record Weighing(double weight, double gradeFactor, double magnitudeFactor, double decay, double contribution, boolean inForce) {

    private static final double LN2 = Math.log(2.0);

    /** Decay at {@code asOfDay} of an indicator of this profile, 0 when it no longer counts. */
    static double decay(TypeProfile profile, int dateDay, int untilDay, int asOfDay) {
        boolean hasUntil = untilDay != IndicatorSnapshot.NO_UNTIL;
        if (profile.durable()) {
            return !hasUntil || untilDay >= asOfDay ? 1.0 : 0.0;
        }
        if (hasUntil && untilDay >= asOfDay) {
            return 1.0;
        }
        int from = hasUntil ? untilDay : dateDay;
        // 0.5^(t/h), as exp(-ln2·t/h): the same number, and cheaper on the hot path
        return Math.exp(-LN2 * (asOfDay - from) / profile.halfLifeDays());
    }

    static boolean inForce(TypeProfile profile, int dateDay, int untilDay, int asOfDay, double inForceHalfLives) {
        boolean hasUntil = untilDay != IndicatorSnapshot.NO_UNTIL;
        if (hasUntil) {
            return untilDay >= asOfDay;
        }
        return profile.durable() || asOfDay - dateDay <= inForceHalfLives * profile.halfLifeDays();
    }

    /** The full arithmetic of one snapshot row, for explanations. */
    public static Weighing of(IndicatorSnapshot snapshot, int row, Configuration cfg, int asOfDay) {
        TypeProfile profile = cfg.profile(snapshot.types().get(snapshot.type(row)));
        double gradeFactor = cfg.gradeFactor(IndicatorSnapshot.gradeText(snapshot.grade(row)));
        double decay = decay(profile, snapshot.date(row), snapshot.until(row), asOfDay);
        double magnitudeFactor = cfg.magnitudeFactor(snapshot.unit(row), snapshot.magnitude(row));
        return new Weighing(profile.weight(), gradeFactor, magnitudeFactor, decay, profile.weight() * magnitudeFactor * gradeFactor * decay,
                inForce(profile, snapshot.date(row), snapshot.until(row), asOfDay, cfg.param("IN_FORCE_HALF_LIVES")));
    }
}
