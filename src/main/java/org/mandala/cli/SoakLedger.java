package org.mandala.cli;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Every file the soak uploaded and what the service answered, and the verdicts over what it
 * finally stored: an import lands whole or not at all, an acknowledged row is never lost, no id
 * is stored twice, and a job's status tells the truth about its rows.
 */
final class SoakLedger {

    /** What the service answered to an upload. */
    enum Outcome {
        /** {@code 201}: every row is known to have landed. */
        CREATED,
        /** {@code 202}: a job, judged by its final status. */
        ACCEPTED,
        /** {@code 422}: refused whole, nothing may be stored. */
        REFUSED,
        /** The answer was lost to a kill or a timeout: the file may have landed whole, or not at all. */
        LOST,
        /** Any other answer (a 5xx, an unexpected 4xx): whole or nothing, as for a lost one. */
        OTHER
    }

    /**
     * One upload.
     *
     * @param name     a name for the report, unique in the run
     * @param ids      the ids of its rows
     * @param valid    whether every row is valid (an invalid file must be refused)
     * @param resendOf the name of the file it repeats whole, or null
     * @param accepted with {@link Outcome#CREATED}: the rows the report says it stored
     */
    record Upload(String name, List<String> ids, boolean valid, String resendOf, Outcome outcome, String jobId, long accepted) {
    }

    /** The verdicts, each a list of findings in words; empty when it holds. */
    record Verdicts(List<String> rowsLost, List<String> rowsDoubled, List<String> halfStored, List<String> refusedButStored,
                    List<String> untruthfulJobs) {
        boolean passed() {
            return rowsLost.isEmpty() && rowsDoubled.isEmpty() && halfStored.isEmpty() && refusedButStored.isEmpty()
                    && untruthfulJobs.isEmpty();
        }
    }

    private final List<Upload> uploads = Collections.synchronizedList(new ArrayList<>());

    void record(Upload upload) {
        uploads.add(upload);
    }

    List<Upload> uploads() {
        synchronized (uploads) {
            return List.copyOf(uploads);
        }
    }

    /**
     * Judges the uploads against what is stored.
     *
     * @param stored how many times each id is stored (ids absent from the map are not stored)
     * @param jobs   each job's final status ({@code DONE}, {@code FAILED}, {@code RUNNING}); a job missing was not found
     */
    static Verdicts judge(List<Upload> uploads, Map<String, Integer> stored, Map<String, String> jobs) {
        List<String> lost = new ArrayList<>();
        List<String> doubled = new ArrayList<>();
        List<String> half = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        List<String> untruthful = new ArrayList<>();
        stored.forEach((id, n) -> {
            if (n > 1) {
                doubled.add(id + " is stored " + n + " times");
            }
        });
        for (Upload u : uploads) {
            List<String> missing = u.ids().stream().filter(id -> stored.getOrDefault(id, 0) == 0).toList();
            int present = u.ids().size() - missing.size();
            boolean whole = missing.isEmpty();
            boolean none = present == 0;
            switch (u.outcome()) {
                case CREATED -> {
                    if (!whole) {
                        lost.add(u.name() + " (201): " + missing.size() + " of " + u.ids().size() + " rows absent, e.g. "
                                + missing.get(0));
                    }
                    if (u.resendOf() != null && u.accepted() > 0) {
                        lost.add(u.name() + " resends " + u.resendOf() + ", acknowledged with 201 before, yet stored "
                                + u.accepted() + " of its rows again: they had been lost");
                    }
                }
                case ACCEPTED -> {
                    String status = jobs.get(u.jobId());
                    if (status == null) {
                        untruthful.add(u.name() + ": job " + u.jobId() + ", answered 202, is not found after a restart ("
                                + (whole ? "all" : none ? "none" : present) + " of its " + u.ids().size() + " rows stored)");
                    } else if (status.equals("DONE")) {
                        if (!u.valid()) {
                            untruthful.add(u.name() + ": job " + u.jobId() + " of an invalid file reads DONE");
                        }
                        if (!whole) {
                            untruthful.add(u.name() + ": job " + u.jobId() + " reads DONE but " + missing.size() + " of "
                                    + u.ids().size() + " rows are absent");
                            lost.add(u.name() + " (job DONE): " + missing.size() + " of " + u.ids().size()
                                    + " rows absent, e.g. " + missing.get(0));
                        }
                    } else if (status.equals("FAILED")) {
                        if (!none) {
                            untruthful.add(u.name() + ": job " + u.jobId() + " reads FAILED but " + present + " of "
                                    + u.ids().size() + " rows are stored");
                        }
                    } else {
                        untruthful.add(u.name() + ": job " + u.jobId() + " still reads " + status
                                + " after a restart, though no process runs it (" + (whole ? "all" : none ? "none" : present)
                                + " of its " + u.ids().size() + " rows stored)");
                    }
                    if (!whole && !none) {
                        half.add(u.name() + " (job " + status + "): " + present + " of " + u.ids().size() + " rows stored");
                    }
                }
                case REFUSED -> {
                    if (!none) {
                        refused.add(u.name() + " (422): " + present + " of " + u.ids().size() + " rows stored");
                    }
                }
                case LOST, OTHER -> {
                    if (!whole && !none) {
                        half.add(u.name() + " (" + (u.outcome() == Outcome.LOST ? "answer lost" : "unexpected answer") + "): "
                                + present + " of " + u.ids().size() + " rows stored");
                    }
                    if (!u.valid() && !none) {
                        refused.add(u.name() + " (invalid, answer lost): " + present + " of " + u.ids().size() + " rows stored");
                    }
                }
                default -> throw new IllegalStateException(u.outcome().name());
            }
        }
        return new Verdicts(lost, doubled, half, refused, untruthful);
    }
}
