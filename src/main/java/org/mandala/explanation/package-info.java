/**
 * Explanations: for any conclusion of an assessment, the rule that drew it with its description,
 * a narrative, and what it used as a tree down to the indicators with their sources and their
 * arithmetic (weight, grade factor, decay, contribution). Explanation ids name the assessment
 * they belong to, so any replica can rebuild one. Uses assessments and indicators.
 */
package org.mandala.explanation;
