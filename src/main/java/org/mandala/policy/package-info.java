/**
 * How policy teams change rules safely: versions stored in the database (shared by every
 * replica), validation (compile, sandbox, rule tests that must pass and fire every DRL rule),
 * one way to activate (RulesetLifecycle.propose, for API changes, edits on disk, rollbacks and
 * startup) that announces each activation as a RulesetActivated event, the rules directory
 * watched and written back, replicas following the database, and the impact preview of a
 * candidate. Uses rules, assessments, explanations (for the preview), indicators and the fact model.
 */
package org.mandala.policy;
