package org.mandala.model;

/** Which earlier assessment a tripwire compares with (see {@link Earlier}). */
public enum Since {
    /** The assessment before the last change of data or ruleset (for a what-if: the real one). */
    LAST_CHANGE,
    /** The assessment at the previous month-end, with the same data and ruleset. */
    MONTH_END
}
