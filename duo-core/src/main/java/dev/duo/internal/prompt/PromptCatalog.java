package dev.duo.internal.prompt;

import dev.duo.InvalidConfigException;
import dev.duo.PromptNotFoundException;
import dev.duo.internal.util.Suggestions;
import dev.duo.model.ModelFamily;
import dev.duo.admin.PromptListing;
import dev.duo.admin.PromptLookup;
import dev.duo.admin.PromptProblem;
import dev.duo.prompt.PromptTemplate;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every prompt definition of a registry: the bundled root plus user directories, later ones
 * overriding earlier ones file by file ({@code <id>/<family>/<version>.yml}). Broken files are kept
 * as problems and only fail a selection that lands on their id and family.
 *
 * <p>Files are found at load but compiled (read, parsed, checked) on first use of their entry: a
 * service that uses three prompts of a hundred does not parse the other ninety-seven at start-up.
 * {@link #problems()} and {@link #list()} compile every file first, so they report every broken one,
 * exactly as an eager load would; rendering still parses nothing.
 */
public final class PromptCatalog {

    private static final Logger LOG = LoggerFactory.getLogger("dev.duo.prompt");

    /** One definition file: not compiled yet, compiled, or broken with its problem. */
    private static final class Entry {
        final String version;
        final PromptRoot root;
        final String path;
        final String id;
        final String family;
        /** Set once, under the catalog's lock. */
        private CompiledPrompt prompt;
        private PromptProblem problem;
        private boolean compiled;

        Entry(String version, PromptRoot root, String path, String id, String family, PromptProblem problem) {
            this.version = version;
            this.root = root;
            this.path = path;
            this.id = id;
            this.family = family;
            this.problem = problem;
            this.compiled = problem != null;
        }
    }

    private final Templates engine;
    private final PromptCompiler compiler;
    /** Every entry in the order of an eager load (problems are reported in that order). */
    private final List<Entry> inLoadOrder;
    /** Problems found before any compiling (unreadable roots, layout, file names). */
    private final List<PromptProblem> scanProblems;
    private boolean allCompiled;
    /** id -> family -> version -> entry, all sorted. */
    private final Map<String, Map<String, Map<String, Entry>>> entries;
    private final List<String> warnings;
    private final List<String> rootNames;
    private final Map<ModelFamily, List<String>> lookupOrders;

    private PromptCatalog(Templates engine, PromptCompiler compiler, Map<String, Map<String, Map<String, Entry>>> entries,
            List<Entry> inLoadOrder, List<PromptProblem> scanProblems, List<String> warnings, List<String> rootNames,
            Map<ModelFamily, List<String>> lookupOrders) {
        this.lookupOrders = Map.copyOf(lookupOrders);
        this.engine = engine;
        this.compiler = compiler;
        this.entries = entries;
        this.inLoadOrder = List.copyOf(inLoadOrder);
        this.scanProblems = List.copyOf(scanProblems);
        this.warnings = List.copyOf(warnings);
        this.rootNames = List.copyOf(rootNames);
    }

    /** Loads the bundled prompts and {@code userDirectories}, in that order of precedence (later wins). */
    public static PromptCatalog load(List<Path> userDirectories) {
        return load(userDirectories, Map.of());
    }

    /** As above, with duo.yml's prompt lookup orders replacing the bundled family table's. */
    public static PromptCatalog load(List<Path> userDirectories, Map<ModelFamily, List<String>> lookupOrders) {
        List<PromptRoot> roots = new ArrayList<>();
        roots.add(PromptRoot.classpath());
        for (Path d : userDirectories) {
            roots.add(PromptRoot.directory(d));
        }
        return loadRoots(roots, lookupOrders);
    }

    static PromptCatalog loadRoots(List<PromptRoot> roots) {
        return loadRoots(roots, Map.of());
    }

    static PromptCatalog loadRoots(List<PromptRoot> roots, Map<ModelFamily, List<String>> lookupOrders) {
        List<PromptProblem> problems = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        record Candidate(PromptRoot root, String path, String id, String family, String version) {
        }
        Map<String, Candidate> winners = new LinkedHashMap<>();
        for (PromptRoot root : roots) {
            List<String> files;
            try {
                files = root.files();
            } catch (UncheckedIOException e) {
                problems.add(new PromptProblem(root.name(), 0, 0, e.getCause().getMessage()));
                continue;
            }
            for (String path : files) {
                if (!path.endsWith(".yml")) {
                    continue;
                }
                String[] parts = path.split("/");
                if (parts.length < 3) {
                    problems.add(new PromptProblem(root.label(path), 0, 0,
                            "not in the layout <prompt id>/<family>/<version>.yml"));
                    continue;
                }
                String version = parts[parts.length - 1].substring(0, parts[parts.length - 1].length() - 4);
                String family = parts[parts.length - 2];
                String id = String.join("/", java.util.Arrays.copyOf(parts, parts.length - 2));
                String key = id + "/" + family + "/" + version;
                Candidate previous = winners.put(key, new Candidate(root, path, id, family, version));
                if (previous != null && !previous.root().bundled()) {
                    String w = "prompt " + key + " is defined in both " + previous.root().label(previous.path())
                            + " and " + root.label(path) + "; using the later one, " + root.label(path);
                    warnings.add(w);
                    LOG.warn(w);
                }
            }
        }
        List<PromptRoot> byPriority = new ArrayList<>(roots);
        java.util.Collections.reverse(byPriority);
        Templates engine = new Templates();
        PromptCompiler compiler = new PromptCompiler(engine, byPriority);
        Map<String, Map<String, Map<String, Entry>>> entries = new TreeMap<>();
        List<Entry> inLoadOrder = new ArrayList<>();
        for (Candidate c : winners.values()) {
            PromptProblem badName = null;
            if (!VersionSelector.isVersion(c.version())) {
                badName = new PromptProblem(c.root().label(c.path()), 0, 0, "file name '" + c.version()
                        + ".yml' is not a semantic version such as 1.0.0.yml or 1.1.0-dev.yml");
            }
            Entry entry = new Entry(c.version(), c.root(), c.path(), c.id(), c.family(), badName);
            inLoadOrder.add(entry);
            // Loops, not computeIfAbsent's lambdas or a stream: this runs at start-up (README, Performance).
            Map<String, Map<String, Entry>> families = entries.get(c.id());
            if (families == null) {
                families = new TreeMap<>();
                entries.put(c.id(), families);
            }
            Map<String, Entry> versions = families.get(c.family());
            if (versions == null) {
                versions = new TreeMap<>();
                families.put(c.family(), versions);
            }
            versions.put(c.version(), entry);
        }
        List<String> rootNames = new ArrayList<>(roots.size());
        for (PromptRoot root : roots) {
            rootNames.add(root.name());
        }
        return new PromptCatalog(engine, compiler, entries, inLoadOrder, problems, warnings,
                rootNames, lookupOrders);
    }

    /** Compiles an entry the first time it is used; the compiler's fragment cache is shared, hence the lock. */
    private synchronized Entry compiled(Entry e) {
        if (!e.compiled) {
            try {
                e.prompt = compiler.compile(e.root, e.path, e.id, e.family, e.version);
            } catch (TemplateException ex) {
                e.problem = new PromptProblem(ex.file(), ex.line(), ex.column(), ex.reason());
            }
            e.compiled = true;
        }
        return e;
    }

    private synchronized void compileAll() {
        if (!allCompiled) {
            inLoadOrder.forEach(this::compiled);
            allCompiled = true;
        }
    }

    /** Every broken file (every file is compiled first, so none is missed), in the order an eager load finds them. */
    public synchronized List<PromptProblem> problems() {
        compileAll();
        List<PromptProblem> out = new ArrayList<>(scanProblems);
        for (Entry e : inLoadOrder) {
            if (e.problem != null) {
                out.add(e.problem);
            }
        }
        compiler.fragmentProblems().forEach(ex -> out.add(new PromptProblem(ex.file(), ex.line(), ex.column(), ex.reason())));
        return List.copyOf(out);
    }

    /** Files defined in two user directories (the later one is used). */
    public List<String> warnings() {
        return warnings;
    }

    /** Every id and family with its versions (every file compiled first, to say which are usable). */
    public List<PromptListing> list() {
        compileAll();
        List<PromptListing> out = new ArrayList<>();
        entries.forEach((id, families) -> families.forEach((family, versions) -> out.add(new PromptListing(id, family,
                VersionSelector.sorted(versions.keySet()).stream().map(v -> {
                    Entry e = versions.get(v);
                    return new PromptListing.Version(v, e.root.bundled() ? "bundled" : e.root.label(e.path),
                            e.prompt != null);
                }).toList()))));
        return out;
    }

    /** The usable file with exactly this id, family and version. */
    public Optional<PromptTemplate> find(String promptId, String family, String version) {
        Entry e = entries.getOrDefault(promptId, Map.of()).getOrDefault(family, Map.of()).get(version);
        return e == null ? Optional.empty() : Optional.ofNullable(compiled(e).prompt);
    }

    /** What a lookup found: the trail, and the chosen prompt or why there is none. */
    private record Outcome(List<PromptLookup.FamilyCheck> tried, String rule, PromptTemplate chosen, String failure,
            boolean broken) {
    }

    /** The prompt folders a family tries, in order: duo.yml's override, else the bundled family table. */
    public List<String> lookupOrder(ModelFamily family) {
        return lookupOrders.getOrDefault(family, family.promptLookupOrder());
    }

    /** The lookup trail of a selection, without throwing. */
    public PromptLookup explain(String promptId, ModelFamily family, String constraint) {
        Outcome o = lookup(promptId, "model family " + family.id(), lookupOrder(family), constraint, true);
        return new PromptLookup(promptId, family, constraint, o.tried(), o.rule(), o.chosen(), o.failure());
    }

    /** With {@code explain}, the trail and the rule in words too (a selection needs neither). */
    private Outcome lookup(String promptId, String who, List<String> order, String constraint, boolean explain) {
        Map<String, Map<String, Entry>> families = entries.getOrDefault(promptId, Map.of());
        List<PromptLookup.FamilyCheck> tried = new ArrayList<>();
        for (String f : order) {
            Map<String, Entry> versions = families.get(f);
            if (explain) {
                tried.add(new PromptLookup.FamilyCheck(f, versions == null ? List.of()
                        : VersionSelector.sorted(versions.keySet())));
            }
            if (versions == null) {
                continue;
            }
            // As the gateway does: the first family that has the prompt is used, even if no version fits.
            // A broken file is still a candidate, so that it fails only the selection it would have won.
            String file = promptId + "/" + f;
            String rule = "";
            Optional<String> v;
            try {
                if (explain) {
                    VersionSelector.Choice choice = VersionSelector.choose(versions.keySet(), constraint);
                    rule = choice.rule();
                    v = choice.version();
                } else {
                    v = VersionSelector.pick(versions.keySet(), constraint);
                }
            } catch (IllegalArgumentException e) {
                return new Outcome(tried, "", null, e.getMessage(), false);
            }
            if (v.isEmpty()) {
                return new Outcome(tried, rule, null,
                        "no version of prompt " + file + " matches '" + constraint + "'; versions found: "
                                + String.join(", ", VersionSelector.sorted(versions.keySet()))
                                + " (ranges never pick -dev or -rc versions; name one exactly to use it)", false);
            }
            Entry chosen = compiled(versions.get(v.get()));
            if (chosen.prompt == null) {
                return new Outcome(tried, rule, null, "prompt " + file + "/" + v.get()
                        + " would be selected but its definition file is broken: " + chosen.problem.describe(), true);
            }
            return new Outcome(tried, rule, chosen.prompt, null, false);
        }
        String hint = families.isEmpty() ? Suggestions.didYouMean(promptId, entries.keySet()) : "";
        return new Outcome(tried, "", null, "no prompt " + promptId + " for " + who + ": tried families "
                + String.join(", ", order) + " in " + String.join(", ", rootNames)
                + (families.isEmpty() ? "" : "; it exists for " + String.join(", ", families.keySet())) + "." + hint,
                false);
    }

    /**
     * Selects a prompt.
     *
     * @throws PromptNotFoundException when no family or version fits
     * @throws InvalidConfigException when the prompt's files for the family are broken
     */
    public PromptTemplate select(String promptId, ModelFamily family, String constraint) {
        return chosen(lookup(promptId, "model family " + family.id(), lookupOrder(family), constraint, false));
    }

    /**
     * Selects a prompt by family folder name: a registered family's name follows its lookup order; any
     * other folder (such as the gateway's {@code gpt_5} or {@code amazon_q}) is tried, then {@code base}.
     */
    public PromptTemplate selectFolder(String promptId, String folder, String constraint) {
        for (ModelFamily f : ModelFamily.values()) {
            if (f.id().equals(folder)) {
                return select(promptId, f, constraint);
            }
        }
        List<String> order = folder.equals("base") ? List.of("base") : List.of(folder, "base");
        return chosen(lookup(promptId, "family folder " + folder, order, constraint, false));
    }

    private static PromptTemplate chosen(Outcome o) {
        if (o.chosen() != null) {
            return o.chosen();
        }
        throw o.broken() ? new InvalidConfigException(o.failure()) : new PromptNotFoundException(o.failure());
    }

    /** How many templates were parsed so far (each file's on its first use). */
    long parses() {
        return engine.parses();
    }

    /** Whether Jinjava was started: some template of a prompt used so far is outside the fast subset. */
    boolean jinjavaStarted() {
        return engine.jinjavaStarted();
    }

    /** How many fast templates Jinjava had to parse after load, because a render of theirs bailed. */
    long lateParses() {
        return engine.lateParses();
    }

    /** How many times a template file was read while rendering (never). */
    long resourceReadsAtRender() {
        return engine.resourceReads();
    }
}
