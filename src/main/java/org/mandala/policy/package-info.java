/**
 * How policy teams change rules safely: versions stored in the database (shared by every
 * replica), validation (compile, sandbox, rule tests), activation and rollback, edits on disk
 * picked up without a restart, and the impact preview of a candidate.
 */
package org.mandala.policy;
