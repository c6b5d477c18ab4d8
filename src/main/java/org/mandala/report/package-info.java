/** Reports for decision makers: Markdown, HTML and PDF with charts, written from an assessment and its explanations. */
package org.mandala.report;
