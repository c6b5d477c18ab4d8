package org.mandala.assessment;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The trends a replica computes ahead, as soon as a new data version or ruleset is served, so that
 * the dashboard's first look after an upload finds them made.
 *
 * @param precompute compute them at all (the benchmark turns it off: it measures the cold path)
 * @param focus      the focus states whose trend is computed ahead; the default focus when empty
 * @param months     how many months the trend covers, to today: the dashboard's 24
 */
@ConfigurationProperties("mandala.trends")
public record TrendsProperties(@DefaultValue("true") boolean precompute, @DefaultValue List<String> focus, @DefaultValue("24") int months) {
}
