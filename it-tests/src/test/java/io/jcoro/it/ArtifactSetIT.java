package io.jcoro.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The published artifact set, as a user gets it: jcoro-continuation-api and jcoro-scheduler to compile
 * against, jcoro-agent to run with. The agent jar carries the transformer and what it shades (ASM and
 * byte-buddy-agent, relocated under io.jcoro.shaded) and no runtime class; its dependency-reduced POM
 * depends on the runtime and on nothing it shades. Reads the jars and the POM the reactor built.
 */
class ArtifactSetIT {
    private static final Map<String, String> MODULE_NAMES = new LinkedHashMap<>();

    static {
        MODULE_NAMES.put("jcoro.api.jar", "io.jcoro");
        MODULE_NAMES.put("jcoro.scheduler.jar", "io.jcoro.scheduler");
        MODULE_NAMES.put("jcoro.agent.jar", "io.jcoro.agent");
    }

    static Path property(String name) {
        String v = System.getProperty(name);
        assertNotNull(v, "system property " + name + " (it-tests/pom.xml sets it for failsafe)");
        Path p = Paths.get(v).toAbsolutePath().normalize();
        assertTrue(Files.exists(p), name + ": " + p + " does not exist");
        return p;
    }

    /** The three jars a user has together: API, scheduler, agent. */
    static List<Path> userJars() {
        List<Path> jars = new ArrayList<>();
        for (String key : MODULE_NAMES.keySet()) {
            jars.add(property(key));
        }
        return jars;
    }

    static List<String> entries(Path jar) throws IOException {
        List<String> names = new ArrayList<>();
        try (JarFile f = new JarFile(jar.toFile())) {
            for (Enumeration<JarEntry> e = f.entries(); e.hasMoreElements(); ) {
                names.add(e.nextElement().getName());
            }
        }
        return names;
    }

    static byte[] entry(Path jar, String name) throws IOException {
        try (JarFile f = new JarFile(jar.toFile())) {
            JarEntry e = f.getJarEntry(name);
            assertNotNull(e, jar.getFileName() + " has no " + name);
            try (InputStream in = f.getInputStream(e)) {
                return in.readAllBytes();
            }
        }
    }

    @Test
    void theAgentJarCarriesTheLicenceAndTheNoticesOfWhatItShades() throws IOException {
        Path agent = property("jcoro.agent.jar");
        Path root = property("jcoro.root");
        assertArrayEquals(Files.readAllBytes(root.resolve("LICENSE")), entry(agent, "META-INF/LICENSE"),
                "the agent jar's META-INF/LICENSE is jcoro's (Apache-2.0), not a shaded library's");
        assertArrayEquals(Files.readAllBytes(root.resolve("NOTICE")), entry(agent, "META-INF/NOTICE"));

        String asm = new String(entry(agent, "META-INF/licenses/asm-LICENSE.txt"), StandardCharsets.UTF_8);
        assertTrue(asm.contains("Copyright (c) 2000-2011 INRIA, France Telecom"), asm);
        assertTrue(asm.contains("Neither the name of the copyright holders nor the names of its"), asm);
        String byteBuddy = new String(entry(agent, "META-INF/licenses/byte-buddy-agent-NOTICE.txt"), StandardCharsets.UTF_8);
        assertTrue(byteBuddy.contains("Copyright 2014 - Present Rafael Winterhalter"), byteBuddy);
        assertTrue(byteBuddy.contains("Licensed under the Apache License, Version 2.0"), byteBuddy);

        String notice = Files.readString(root.resolve("NOTICE"));
        assertTrue(notice.contains("META-INF/licenses/asm-LICENSE.txt") && notice.contains("META-INF/licenses/byte-buddy-agent-NOTICE.txt"),
                "NOTICE names where the third-party texts are:\n" + notice);
        for (String key : List.of("jcoro.api.jar", "jcoro.scheduler.jar")) {
            assertArrayEquals(Files.readAllBytes(root.resolve("LICENSE")), entry(property(key), "META-INF/LICENSE"), key);
        }
    }

    @Test
    void theAgentJarHoldsOnlyItsOwnAndRelocatedClasses() throws IOException {
        Path agent = property("jcoro.agent.jar");
        List<String> stray = new ArrayList<>();
        int shaded = 0;
        for (String name : entries(agent)) {
            if (name.startsWith("io/jcoro/shaded/asm/") || name.startsWith("io/jcoro/shaded/bytebuddy/")) {
                shaded += name.endsWith(".class") ? 1 : 0;
                continue;
            }
            // the agent, its JUnit extension, and the transformer (jcoro-weaver, shaded in)
            boolean own = name.startsWith("io/jcoro/agent/") || name.startsWith("io/jcoro/junit/")
                    || name.startsWith("io/jcoro/weaver/");
            boolean meta = name.startsWith("META-INF/") && !name.startsWith("META-INF/maven/net.bytebuddy")
                    && !name.startsWith("META-INF/maven/org.ow2");
            boolean directory = name.equals("io/") || name.equals("io/jcoro/") || name.equals("io/jcoro/shaded/");
            if (!own && !meta && !directory) {
                stray.add(name);
            }
        }
        assertEquals(List.of(), stray, "entries of the agent jar outside io/jcoro/agent, io/jcoro/junit, "
                + "io/jcoro/weaver, io/jcoro/shaded and META-INF (an unrelocated library, a runtime class, a native helper)");
        assertTrue(shaded > 100, "ASM and byte-buddy-agent are inside, relocated: " + shaded + " classes");
    }

    /**
     * No class of the agent jar names an unrelocated ASM or Byte Buddy type or package, in / or . form. One
     * string is allowed: the system property byte-buddy-agent writes as {@code -Dnet.bytebuddy.agent.attacher.dump=}
     * into the command of its helper JVM (the shade plugin relocates a string only where it starts with the
     * package); it only names a debugging switch, no class.
     */
    @Test
    void noShadedNameLeaksIntoTheAgentsClassFiles() throws IOException {
        Path agent = property("jcoro.agent.jar");
        List<String> leaks = new ArrayList<>();
        for (String name : entries(agent)) {
            if (!name.endsWith(".class")) {
                continue;
            }
            String text = new String(entry(agent, name), StandardCharsets.ISO_8859_1)
                    .replace("-Dnet.bytebuddy.agent.attacher.dump=", "");
            for (String needle : List.of("org/objectweb/asm", "org.objectweb.asm", "net/bytebuddy", "net.bytebuddy")) {
                if (text.contains(needle)) {
                    leaks.add(name + " names " + needle);
                }
            }
        }
        assertEquals(List.of(), leaks);
    }

    /**
     * The agent jar alone is not enough to run: it links to the runtime, which the program's class path
     * supplies. Without it the JVM stops before main, and says what is missing instead of a bare
     * NoClassDefFoundError from inside premain.
     */
    @Test
    void theAgentWithoutTheRuntimeSaysWhatIsMissing(@TempDir Path empty) throws Exception {
        JvmRun.Result r = JvmRun.execute(List.of(ItConfig.java().toString(), "-javaagent:" + property("jcoro.agent.jar"),
                "-cp", empty.toString(), "-version"));
        assertTrue(r.exitCode() != 0, r::describe);
        assertTrue(r.stderr().contains("jcoro: the jcoro runtime is not on the class path"), r::describe);
        assertTrue(r.stderr().contains("put jcoro-continuation-api and jcoro-scheduler on the class path"), r::describe);
    }

    @Test
    void everyJarHasItsAutomaticModuleName() throws IOException {
        for (Map.Entry<String, String> e : MODULE_NAMES.entrySet()) {
            try (JarFile f = new JarFile(property(e.getKey()).toFile())) {
                assertEquals(e.getValue(), f.getManifest().getMainAttributes().getValue("Automatic-Module-Name"), e.getKey());
            }
        }
    }

    /**
     * The three jars resolve together on a module path: each is the automatic module its manifest names, and
     * no package is in two of them (resolution refuses a package that two modules contain).
     */
    @Test
    void theThreeJarsResolveTogetherOnTheModulePath() {
        ModuleFinder finder = ModuleFinder.of(userJars().toArray(Path[]::new));
        Set<String> names = new TreeSet<>(MODULE_NAMES.values());
        Map<String, Set<String>> packages = new TreeMap<>();
        for (ModuleReference ref : finder.findAll()) {
            ModuleDescriptor d = ref.descriptor();
            assertTrue(d.isAutomatic(), d.name());
            packages.put(d.name(), d.packages());
        }
        assertEquals(names, packages.keySet());
        Configuration cf = ModuleLayer.boot().configuration().resolve(finder, ModuleFinder.of(), names);
        assertEquals(names.size(), cf.modules().size());
        assertEquals(Set.of("io.jcoro", "io.jcoro.debug", "io.jcoro.internal"), packages.get("io.jcoro"));
        assertTrue(packages.get("io.jcoro.agent").contains("io.jcoro.junit"), packages.toString());
    }

    @Test
    void noClassFileIsInTwoOfTheJars() throws IOException {
        Map<String, Path> owner = new TreeMap<>();
        List<String> twice = new ArrayList<>();
        for (Path jar : userJars()) {
            for (String name : entries(jar)) {
                if (name.endsWith(".class") && !name.endsWith("module-info.class")) {
                    Path before = owner.putIfAbsent(name, jar);
                    if (before != null) {
                        twice.add(name + " in " + before.getFileName() + " and " + jar.getFileName());
                    }
                }
            }
        }
        assertEquals(List.of(), twice);
        assertTrue(owner.containsKey("io/jcoro/Continuation.class") && owner.containsKey("io/jcoro/scheduler/Scheduler.class")
                && owner.containsKey("io/jcoro/agent/JcoroAgent.class"), "the three jars were read");
    }

    @Test
    void eachJarHasASourcesAndAJavadocJar() throws IOException {
        Map<Path, String> sample = new LinkedHashMap<>();
        sample.put(property("jcoro.api.jar"), "io/jcoro/Continuation");
        sample.put(property("jcoro.scheduler.jar"), "io/jcoro/scheduler/Scheduler");
        sample.put(property("jcoro.agent.jar"), "io/jcoro/junit/JcoroTest");
        for (Map.Entry<Path, String> e : sample.entrySet()) {
            String base = e.getKey().getFileName().toString().replaceFirst("\\.jar$", "");
            Path sources = e.getKey().resolveSibling(base + "-sources.jar");
            Path javadoc = e.getKey().resolveSibling(base + "-javadoc.jar");
            assertTrue(Files.exists(sources), sources + " missing");
            assertTrue(Files.exists(javadoc), javadoc + " missing");
            assertTrue(entries(sources).contains(e.getValue() + ".java"), sources + " lacks " + e.getValue() + ".java");
            assertTrue(entries(sources).contains("META-INF/LICENSE"), sources + " lacks META-INF/LICENSE");
            List<String> docs = entries(javadoc);
            assertTrue(docs.contains("index.html") && docs.contains(e.getValue() + ".html"), javadoc + " lacks its pages");
        }
        // the agent's sources are its own: no shaded library's sources
        assertTrue(entries(property("jcoro.agent.jar").resolveSibling("jcoro-agent-sources.jar")).stream()
                .noneMatch(n -> n.startsWith("org/") || n.startsWith("net/") || n.startsWith("io/jcoro/shaded/")));
    }

    /**
     * The POM installed and deployed with the agent jar (the shade plugin's dependency-reduced POM) depends on
     * the runtime and declares neither ASM nor byte-buddy-agent outside test scope (the agent's own tests use
     * asm-util; a test-scoped dependency is never passed on to a consumer).
     */
    @Test
    void theAgentsPublishedPomDependsOnTheRuntimeAndOnNothingShaded() throws Exception {
        Element project = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(property("jcoro.agent.pom").toFile()).getDocumentElement();
        Map<String, String> scopes = new TreeMap<>();
        NodeList deps = project.getElementsByTagName("dependency");
        for (int i = 0; i < deps.getLength(); i++) {
            Element d = (Element) deps.item(i);
            if (!d.getParentNode().getNodeName().equals("dependencies")
                    || !d.getParentNode().getParentNode().getNodeName().equals("project")) {
                continue;
            }
            String ga = text(d, "groupId") + ":" + text(d, "artifactId");
            String scope = text(d, "scope");
            scopes.put(ga, (scope.isEmpty() ? "compile" : scope) + ("true".equals(text(d, "optional")) ? ",optional" : ""));
        }
        assertEquals("compile", scopes.get("io.jcoro:jcoro-continuation-api"), scopes.toString());
        assertEquals("compile", scopes.get("io.jcoro:jcoro-scheduler"), scopes.toString());
        assertEquals("compile,optional", scopes.get("org.junit.jupiter:junit-jupiter"), scopes.toString());
        scopes.forEach((ga, scope) -> assertTrue(
                !(ga.startsWith("org.ow2.asm:") || ga.startsWith("net.bytebuddy:")) || scope.equals("test"),
                "the published POM passes on " + ga + " (" + scope + ")"));
    }

    private static String text(Element parent, String child) {
        NodeList l = parent.getElementsByTagName(child);
        return l.getLength() == 0 ? "" : l.item(0).getTextContent().trim();
    }
}
