/**
 * The fact model the rules reason over: the {@link org.mandala.model.Configuration} that the
 * decision tables fill, the {@link org.mandala.model.Evidence} aggregated from indicators, and
 * the conclusions the rules draw ({@link org.mandala.model.Alignment}, {@link org.mandala.model.Threat},
 * ...). Every conclusion records the rule that drew it and the facts it used. Depends on nothing
 * else in Mandala; DRL files may import only this package and an allow-list of JDK types.
 */
package org.mandala.model;
