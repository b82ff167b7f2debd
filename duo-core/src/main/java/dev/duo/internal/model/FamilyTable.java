package dev.duo.internal.model;

import dev.duo.feature.ReleaseState;
import dev.duo.model.ModelFamily;
import java.io.IOException;
import java.io.InputStream;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The bundled family table, {@code dev/duo/model/families.yml}: each family's release state and
 * prompt lookup order. Read once; a table that misses a family, names an unknown one, or has a
 * lookup order not ending in {@code base} fails at first use, naming the fix.
 */
public final class FamilyTable {

    /** One row of the table. */
    record Row(ReleaseState releaseState, List<String> lookupOrder) {
    }

    /** The data file on the classpath. */
    public static final String RESOURCE = "dev/duo/model/families.yml";

    private static final class Holder {
        static final FamilyTable BUNDLED = read();
    }

    private final Map<ModelFamily, Row> rows;

    private FamilyTable(Map<ModelFamily, Row> rows) {
        this.rows = rows;
    }

    /** The bundled table. */
    public static FamilyTable bundled() {
        return Holder.BUNDLED;
    }

    /** The family's release state. */
    public ReleaseState releaseState(ModelFamily family) {
        return rows.get(family).releaseState();
    }

    /** The prompt folders the family tries, in order. */
    public List<String> lookupOrder(ModelFamily family) {
        return rows.get(family).lookupOrder();
    }

    /**
     * Checks a lookup order (the bundled table's or duo.yml's): folder names, ending with {@code base}.
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    public static List<String> checkLookupOrder(String family, List<String> order) {
        if (order == null || order.isEmpty() || !"base".equals(order.get(order.size() - 1))) {
            throw new IllegalArgumentException("the prompt lookup order of family " + family + " must end with base, "
                    + "such as [" + family + ", base]; got " + order);
        }
        for (String folder : order) {
            if (folder == null || !dev.duo.internal.util.AsciiNames.isFolderName(folder)) {
                throw new IllegalArgumentException("the prompt lookup order of family " + family
                        + " names folder '" + folder + "': use folder names such as mistral or base");
            }
        }
        return List.copyOf(order);
    }

    @SuppressWarnings("unchecked")
    private static FamilyTable read() {
        Map<String, Object> doc;
        try {
            // Without Jackson's data binding, from the build-time index when there is one (BundledYaml).
            doc = dev.duo.internal.yaml.BundledYaml.readResource(FamilyTable.class, "/" + RESOURCE, RESOURCE);
        } catch (java.io.UncheckedIOException e) {
            throw new IllegalStateException("cannot read the bundled family table " + RESOURCE + ": " + e.getMessage(), e);
        }
        if (doc == null) {
            throw new IllegalStateException("the bundled family table " + RESOURCE + " is missing from the classpath");
        }
        Map<String, Map<String, Object>> families = (Map<String, Map<String, Object>>) doc.get("families");
        Map<ModelFamily, Row> rows = new EnumMap<>(ModelFamily.class);
        for (Map.Entry<String, Map<String, Object>> e : families.entrySet()) {
            String id = e.getKey();
            Map<String, Object> row = e.getValue();
            ModelFamily f = ModelFamily.valueOf(id.toUpperCase(Locale.ROOT));
            rows.put(f, new Row(ReleaseState.valueOf(String.valueOf(row.get("release_state"))),
                    checkLookupOrder(id, (List<String>) row.get("prompt_lookup"))));
        }
        for (ModelFamily f : ModelFamily.values()) {
            if (!rows.containsKey(f)) {
                throw new IllegalStateException("the bundled family table " + RESOURCE + " has no row for " + f.id());
            }
        }
        return new FamilyTable(rows);
    }
}
