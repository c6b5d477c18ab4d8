package org.mandala.rules;

/**
 * Published once each time a ruleset becomes the active one on this replica, after it serves:
 * whoever keeps something per version (the rules directory written back, a cache) listens here
 * rather than being called by whoever activated it.
 *
 * @param version         the version now active
 * @param previousVersion the version active before, or {@code null} at startup
 * @param origin          what activated it
 * @param author          who activated it ({@code disk} for edits on disk, {@code mandala} for automatic rollbacks)
 * @param note            why, as kept with the activation
 */
public record RulesetActivated(String version, String previousVersion, Origin origin, String author, String note) {

    /** What activated a ruleset. */
    public enum Origin {
        /** The rules directory read at startup, or the stored active version that wins over it. */
        STARTUP,
        /** A change through the rules API ({@code PUT /api/rules/files/...}, {@code POST /api/rules/changes}). */
        API,
        /** An edit in the rules directory. */
        DISK,
        /** A stored version activated again, by hand or after a session bound. */
        ROLLBACK,
        /** Another replica's activation, followed from the database. */
        REPLICA
    }
}
