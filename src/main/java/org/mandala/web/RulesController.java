package org.mandala.web;

import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import jakarta.servlet.http.HttpServletRequest;
import org.mandala.policy.PreviewService;
import org.mandala.policy.RuleTests;
import org.mandala.policy.RulesetLifecycle;
import org.mandala.policy.RulesetStore;
import org.mandala.rules.ActiveRuleset;
import org.mandala.rules.RuleInfo;
import org.mandala.rules.RulesetActivated;
import org.mandala.rules.RulesetCompiler;
import org.mandala.rules.RulesetException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The rules API for policy teams: the active version and its files, edits of one file or of
 * several at once validated, tested and activated as new versions (or refused with {@code 422}
 * and nothing changed, {@code 412} when made against a version no longer active), validation and
 * impact preview of candidates, versions with their differences, and rollback. Every change goes
 * through {@link RulesetLifecycle#propose}.
 */
@RestController
class RulesController {
    private static final String FILES = "/api/rules/files/";
    /** The largest rules file accepted (a spreadsheet is also checked for what it unpacks to; see RulesetCompiler). */
    static final int MAX_FILE = org.mandala.rules.RulesetCompiler.MAX_FILE_BYTES;

    record FileInfo(String path, String sha256, int size) {
    }

    record RulesView(String activeVersion, List<FileInfo> files, List<RuleInfo> rules) {
    }

    /** Candidate files for validate and preview: path to new text, {@code null} to remove a file. */
    /** @param asOf the date a preview is made at (today when none), e.g. the date the dashboard shows */
    record Candidate(Map<String, String> files, String focus, String asOf) {
    }

    /** A change of several files activated as one version: path to new text ({@code base64:...} for a spreadsheet), {@code null} to delete a file. */
    record Change(Map<String, String> files) {
    }

    record Activated(String version, String note, RuleTests.Report tests) {
    }

    record Valid(boolean valid, String version, RuleTests.Report tests) {
    }

    record VersionsView(String activeVersion, List<RulesetStore.Version> versions, List<RulesetStore.Activation> activations) {
    }

    record FileDiff(String path, String change, List<String> diff) {
    }

    record DiffView(String version, String against, List<FileDiff> files) {
    }

    private final ActiveRuleset rules;
    private final RulesetLifecycle lifecycle;
    private final RulesetStore store;
    private final PreviewService previews;

    RulesController(ActiveRuleset rules, RulesetLifecycle lifecycle, RulesetStore store, PreviewService previews) {
        this.rules = rules;
        this.lifecycle = lifecycle;
        this.store = store;
        this.previews = previews;
    }

    @GetMapping("/api/rules")
    ResponseEntity<RulesView> rules() {
        // the database's active version and its files; the version is the ETag an If-Match of a change names
        String version = lifecycle.activeVersion();
        SortedMap<String, byte[]> files = store.files(version).orElseGet(lifecycle::activeFiles);
        org.mandala.rules.Ruleset ruleset = rules.byVersion(version).orElseGet(rules::get);
        SortedMap<String, String> hashes = RulesetCompiler.hashes(files);
        List<FileInfo> infos = new ArrayList<>();
        files.forEach((path, content) -> infos.add(new FileInfo(path, hashes.get(path), content.length)));
        return ResponseEntity.ok().eTag("\"" + version + "\"")
                .body(new RulesView(version, infos, List.copyOf(ruleset.rules().values())));
    }

    @GetMapping("/api/rules/status")
    RulesetLifecycle.Status status() {
        return lifecycle.status();
    }

    @GetMapping("/api/rules/files/**")
    ResponseEntity<byte[]> file(HttpServletRequest request) {
        String path = path(request);
        String version = lifecycle.activeVersion();
        byte[] content = store.files(version).orElseGet(lifecycle::activeFiles).get(path);
        if (content == null) {
            throw new NotFoundException("the active ruleset has no file " + path);
        }
        MediaType type = path.endsWith(".xls") || path.endsWith(".xlsx") ? MediaType.APPLICATION_OCTET_STREAM
                : new MediaType("text", "plain", StandardCharsets.UTF_8);
        return ResponseEntity.ok().contentType(type).eTag("\"" + version + "\"").body(content);
    }

    /** Replaces (or adds) one file: validated, tested and activated as a new version, or 422 with nothing changed. */
    @PutMapping("/api/rules/files/**")
    Activated put(HttpServletRequest request, @RequestHeader(name = "X-Change-Note", required = false) String note,
                  @RequestHeader(name = "If-Match", required = false) String ifMatch, Principal who) throws java.io.IOException {
        String path = path(request);
        String n = note(note);
        byte[] content = request.getInputStream().readNBytes(MAX_FILE + 1);
        if (content.length > MAX_FILE) {
            throw new IndicatorController.PayloadTooLargeException(MAX_FILE);
        }
        return change(Map.of(path, content), author(who), n, ifMatch);
    }

    /**
     * Changes several files as one version (a catalogue row, the rule that uses it and its scenario):
     * validated, tested and activated together, or all refused with nothing changed.
     */
    @PostMapping("/api/rules/changes")
    Activated changes(@RequestBody Change change, @RequestHeader(name = "X-Change-Note", required = false) String note,
                      @RequestHeader(name = "If-Match", required = false) String ifMatch, Principal who, HttpServletRequest request) {
        limit(request);
        String n = note(note);
        Map<String, byte[]> changes = changes(new Candidate(change == null ? null : change.files(), null, null));
        SortedMap<String, byte[]> active = lifecycle.activeFiles();
        changes.forEach((path, content) -> {
            if (content == null && !active.containsKey(path)) {
                throw new org.mandala.assessment.InvalidParameterException("files", path, "the active ruleset has no file " + path + " to delete");
            }
        });
        return change(changes, author(who), n, ifMatch);
    }

    @PostMapping("/api/rules/validate")
    Valid validate(@RequestBody Candidate candidate, HttpServletRequest request) {
        limit(request);
        SortedMap<String, byte[]> files = lifecycle.withChanges(changes(candidate));
        RulesetLifecycle.Validated v = lifecycle.validate(files);
        return new Valid(true, v.ruleset().version(), v.tests());
    }

    @PostMapping("/api/rules/preview")
    PreviewService.Preview preview(@RequestBody Candidate candidate, HttpServletRequest request) {
        limit(request);
        return previews.preview(changes(candidate), candidate.focus(), RequestParameters.date("asOf", candidate.asOf()));
    }

    @GetMapping("/api/rules/versions")
    VersionsView versions() {
        return new VersionsView(rules.get().version(), store.versions(), store.activations(50));
    }

    @GetMapping("/api/rules/versions/{version}/diff")
    DiffView diff(@PathVariable String version, @RequestParam(required = false) String against) {
        String other = against == null ? rules.get().version() : against;
        SortedMap<String, byte[]> a = store.files(other).orElseThrow(() -> new NotFoundException("no stored ruleset version " + other));
        SortedMap<String, byte[]> b = store.files(version).orElseThrow(() -> new NotFoundException("no stored ruleset version " + version));
        List<FileDiff> files = new ArrayList<>();
        TreeSet<String> paths = new TreeSet<>(a.keySet());
        paths.addAll(b.keySet());
        for (String path : paths) {
            byte[] x = a.get(path);
            byte[] y = b.get(path);
            if (x != null && y != null && java.util.Arrays.equals(x, y)) {
                continue;
            }
            List<String> before = x == null ? List.of() : lines(x);
            List<String> after = y == null ? List.of() : lines(y);
            List<String> diff = UnifiedDiffUtils.generateUnifiedDiff(other + "/" + path, version + "/" + path, before,
                    DiffUtils.diff(before, after), 2);
            files.add(new FileDiff(path, x == null ? "added" : y == null ? "removed" : "changed", diff));
        }
        return new DiffView(version, other, files);
    }

    /** Activates a stored version: a rollback, or a roll forward again. Its rule tests are not run again. */
    @PostMapping("/api/rules/versions/{version}/activate")
    Activated activate(@PathVariable String version, @RequestHeader(name = "X-Change-Note", required = false) String note,
                       @RequestHeader(name = "If-Match", required = false) String ifMatch, Principal who) {
        SortedMap<String, byte[]> files = store.files(version).orElseThrow(() -> new NotFoundException("no stored ruleset version "
                + version + "; GET /api/rules/versions lists them"));
        String n = note == null || note.isBlank() ? "activated " + version : note.strip();
        // with If-Match, a compare-and-set on the database's active version, as for a change
        return answer(lifecycle.propose(new RulesetLifecycle.Proposal(RulesetActivated.Origin.ROLLBACK, files, author(who), n,
                expected(ifMatch))), n);
    }

    /**
     * The version an {@code If-Match} header names (RFC 9110, strong comparison): none without the
     * header or with {@code *}; of a list, the database's active version if it is listed, otherwise
     * the first entry, which the compare-and-set refuses. A weak tag never matches; a tag that names
     * no stored version is refused here, saying so.
     */
    private String expected(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank()) {
            return null;
        }
        List<String> tags = java.util.Arrays.stream(ifMatch.split(",")).map(String::strip).filter(t -> !t.isEmpty()).toList();
        if (tags.contains("*")) {
            return null;
        }
        String active = lifecycle.activeVersion();
        List<String> versions = tags.stream().map(t -> t.startsWith("W/") ? t : t.replace("\"", "").strip()).toList();
        if (versions.contains(active)) {
            return active;
        }
        String first = versions.get(0);
        if (first.startsWith("W/") || !store.exists(first)) {
            throw new VersionConflictException("If-Match " + ifMatch.strip() + " names no stored ruleset version (a strong ETag, as GET"
                    + " /api/rules answers it, is needed); the active version is " + active);
        }
        return first;
    }

    private Activated change(Map<String, byte[]> changes, String author, String note, String ifMatch) {
        // If-Match: "<version>" is a compare-and-set on the database's active version: the change applies to
        // that version's files and is refused (412) if another was activated meanwhile, on any replica. Without
        // it, the change applies to the database's latest files; if another activation wins meanwhile, it is
        // applied again to the new latest files (a few times at most), never to a replica's stale copy.
        String given = expected(ifMatch);
        for (int attempt = 1; ; attempt++) {
            String base = given != null ? given : lifecycle.activeVersion();
            RulesetLifecycle.Outcome outcome = lifecycle.propose(new RulesetLifecycle.Proposal(RulesetActivated.Origin.API,
                    lifecycle.withChanges(base, changes), author, note, base));
            if (given == null && attempt < 3 && outcome instanceof RulesetLifecycle.Refused r
                    && r.reason() == RulesetLifecycle.Refused.Reason.STALE) {
                continue;
            }
            return answer(outcome, note);
        }
    }


    private static Activated answer(RulesetLifecycle.Outcome outcome, String note) {
        if (outcome instanceof RulesetLifecycle.Activated a) {
            return new Activated(a.version(), note, a.tests());
        }
        RulesetLifecycle.Refused r = (RulesetLifecycle.Refused) outcome;
        switch (r.reason()) {
            case STALE -> throw new VersionConflictException(r.message());
            case NOT_STORED -> throw new NotFoundException(r.message());
            default -> throw new RulesetException(r.problems());
        }
    }

    private static Map<String, byte[]> changes(Candidate candidate) {
        if (candidate == null || candidate.files() == null || candidate.files().isEmpty()) {
            throw new org.mandala.assessment.InvalidParameterException("files", null,
                    "send {\"files\": {\"path under rules/\": \"new content\", ...}}; null content removes a file");
        }
        Map<String, byte[]> changes = new LinkedHashMap<>();
        candidate.files().forEach((path, text) -> changes.put(checked(path), content(path, text)));
        return changes;
    }

    /** A candidate file's content: text, or {@code base64:...} for a spreadsheet. */
    private static byte[] content(String path, String text) {
        if (text == null) {
            return null;
        }
        if (text.startsWith("base64:")) {
            try {
                return java.util.Base64.getDecoder().decode(text.substring("base64:".length()).strip());
            } catch (IllegalArgumentException e) {
                throw new org.mandala.assessment.InvalidParameterException("files", path, "the base64 content of " + path + " cannot be decoded");
            }
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Candidates are at most a few rules files: a body over ten of the largest is refused. */
    private static void limit(HttpServletRequest request) {
        if (request.getContentLengthLong() > 10L * MAX_FILE) {
            throw new IndicatorController.PayloadTooLargeException(10L * MAX_FILE);
        }
    }

    private static String path(HttpServletRequest request) {
        String uri = java.net.URLDecoder.decode(request.getRequestURI(), StandardCharsets.UTF_8);
        int at = uri.indexOf(FILES);
        return checked(at < 0 ? "" : uri.substring(at + FILES.length()));
    }

    /** A path inside the rules directory: relative, no {@code ..}, no backslashes. */
    private static String checked(String path) {
        if (path == null || path.isBlank() || path.startsWith("/") || path.contains("\\") || path.contains("..") || path.contains("//")
                || !path.matches("[A-Za-z0-9_./-]+") || path.endsWith("/")
                || org.mandala.rules.RulesetCompiler.isScratch(java.nio.file.Path.of(path))) {
            throw new org.mandala.assessment.InvalidParameterException("path", path,
                    "a file path inside rules/, e.g. levels.drl.csv or tests/alignment.yaml");
        }
        return path;
    }

    private static String note(String note) {
        if (note == null || note.isBlank()) {
            throw new org.mandala.assessment.InvalidParameterException("X-Change-Note", null,
                    "say why in an X-Change-Note header; it is kept with the version");
        }
        return note.strip();
    }

    /** The change was made against a version that is no longer active. */
    static class VersionConflictException extends RuntimeException {
        VersionConflictException(String message) {
            super(message);
        }
    }

    private static String author(Principal who) {
        return who == null ? "anonymous" : who.getName();
    }

    private static List<String> lines(byte[] content) {
        return new String(content, StandardCharsets.UTF_8).lines().toList();
    }
}
