/** The decision log: every assessment served, with a hash of its result, replayable. */
package org.mandala.decision;
