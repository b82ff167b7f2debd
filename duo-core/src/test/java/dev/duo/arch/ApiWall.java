package dev.duo.arch;

import com.tngtech.archunit.ArchConfiguration;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The wall between a published module's API and its internals, checked over the module's own
 * compiled classes ({@code target/classes}) with ArchUnit:
 * <ul>
 *   <li>no exported signature names an internal type: a public (or protected) member, supertype,
 *       thrown type or type argument of a public type outside {@code ..internal..} must not be a type
 *       from an {@code internal} package;</li>
 *   <li>no public type in an {@code internal} package is reachable from outside the SDK: the module
 *       descriptor exports an internal package only to the SDK's own modules ({@code dev.duo.*}), by a
 *       qualified {@code exports ... to}.</li>
 * </ul>
 * Each published module has a test that calls {@link #check(Path)}.
 *
 * <pre>{@code
 * @Test void theWallHolds() { ApiWall.check(Path.of("target/classes")); }
 * }</pre>
 */
public final class ApiWall {

    private ApiWall() {
    }

    /**
     * Fails with every breach found in the classes under {@code classes}.
     *
     * @param classes a module's compiled classes directory
     */
    public static void check(Path classes) {
        List<String> problems = new ArrayList<>();
        // Only the module's own classes matter; types they name from elsewhere are known by name.
        ArchConfiguration.get().setResolveMissingDependenciesFromClassPath(false);
        JavaClasses imported = new ClassFileImporter().importPath(classes);
        if (imported.isEmpty()) {
            throw new AssertionError("no classes under " + classes.toAbsolutePath() + ": run the test from the module's directory");
        }
        problems.addAll(internalTypesInExportedSignatures(imported));
        problems.addAll(internalPackagesExportedBeyondTheSdk(classes, imported));
        if (!problems.isEmpty()) {
            throw new AssertionError("The public API of " + classes + " lets internals out:\n  " + String.join("\n  ", problems));
        }
    }

    /** Breaches of the first rule, one line each. */
    static List<String> internalTypesInExportedSignatures(JavaClasses classes) {
        Set<String> out = new TreeSet<>();
        for (JavaClass c : classes) {
            if (!isApi(c)) {
                continue;
            }
            c.getRawSuperclass().ifPresent(s -> note(out, c.getName() + " extends", s));
            c.getRawInterfaces().forEach(i -> note(out, c.getName() + " implements", i));
            for (JavaField f : c.getFields()) {
                if (visible(f.getModifiers())) {
                    noteAll(out, c.getName() + "." + f.getName(), f.getType());
                }
            }
            for (JavaCodeUnit m : c.getCodeUnits()) {
                if (!visible(m.getModifiers()) || m.getModifiers().contains(JavaModifier.SYNTHETIC)
                        || m.getModifiers().contains(JavaModifier.BRIDGE)) {
                    continue;
                }
                String where = c.getName() + "." + m.getName() + "(...)";
                noteAll(out, where + " returns", m.getReturnType());
                m.getParameterTypes().forEach(p -> noteAll(out, where + " takes", p));
                m.getThrowsClause().getTypes().forEach(t -> note(out, where + " throws", t));
            }
        }
        return new ArrayList<>(out);
    }

    /** Breaches of the second rule, one line each. */
    static List<String> internalPackagesExportedBeyondTheSdk(Path classes, JavaClasses imported) {
        Path descriptor = classes.resolve("module-info.class");
        List<String> out = new ArrayList<>();
        Set<String> internalWithPublicTypes = new TreeSet<>();
        for (JavaClass c : imported) {
            if (isInternal(c.getPackageName()) && c.getModifiers().contains(JavaModifier.PUBLIC)) {
                internalWithPublicTypes.add(c.getPackageName());
            }
        }
        if (!Files.exists(descriptor)) {
            if (!internalWithPublicTypes.isEmpty()) {
                out.add("no module-info.class, so the public types of " + internalWithPublicTypes
                        + " are open to any user: add a module descriptor");
            }
            return out;
        }
        ModuleDescriptor md;
        try (InputStream in = Files.newInputStream(descriptor)) {
            md = ModuleDescriptor.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (ModuleDescriptor.Exports e : md.exports()) {
            if (!isInternal(e.source())) {
                continue;
            }
            if (!e.isQualified()) {
                out.add(md.name() + " exports " + e.source() + " to everyone: qualify it (exports ... to dev.duo.x)");
            } else {
                for (String target : e.targets()) {
                    if (!target.startsWith("dev.duo.")) {
                        out.add(md.name() + " exports " + e.source() + " to " + target + ", outside the SDK");
                    }
                }
            }
        }
        for (ModuleDescriptor.Opens o : md.opens()) {
            if (isInternal(o.source()) && !o.isQualified()) {
                out.add(md.name() + " opens " + o.source() + " to everyone");
            }
        }
        if (md.isOpen()) {
            out.add(md.name() + " is an open module: every internal package is open to reflection");
        }
        return out;
    }

    private static boolean isApi(JavaClass c) {
        for (JavaClass k = c; k != null; k = k.getEnclosingClass().orElse(null)) {
            if (!k.getModifiers().contains(JavaModifier.PUBLIC) && !k.getModifiers().contains(JavaModifier.PROTECTED)) {
                return false;
            }
        }
        return !isInternal(c.getPackageName()) && !c.getSimpleName().equals("module-info")
                && !c.getSimpleName().equals("package-info");
    }

    private static boolean visible(Set<JavaModifier> modifiers) {
        return modifiers.contains(JavaModifier.PUBLIC) || modifiers.contains(JavaModifier.PROTECTED);
    }

    private static boolean isInternal(String pkg) {
        return pkg.equals("internal") || pkg.contains(".internal.") || pkg.endsWith(".internal") || pkg.startsWith("internal.");
    }

    private static void noteAll(Set<String> out, String where, JavaType type) {
        for (JavaClass t : type.getAllInvolvedRawTypes()) {
            note(out, where, t);
        }
    }

    private static void note(Set<String> out, String where, JavaClass type) {
        JavaClass base = type.getBaseComponentType();
        if (isInternal(base.getPackageName())) {
            out.add(where + " " + base.getName());
        }
    }
}
