package org.mandala.model;

/**
 * One entry of the indicator type catalogue, as a policy team set it in the catalogue table.
 *
 * @param weight       points one indicator of this type adds at full grade and no decay
 * @param halfLifeDays days after which a non-durable indicator counts half; ignored when durable
 * @param durable      in force until its {@code until} date, without decay
 */
public record TypeProfile(String type, Polarity polarity, double weight, double halfLifeDays, boolean durable) {
}
