package io.jcoro.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small Maven project that uses jcoro as the README says: it depends on jcoro-scheduler (compile) and on
 * jcoro-agent, compiles a suspendable program, and runs it with {@code -javaagent} on the agent jar it
 * resolved. Its {@code dependency:tree} and class path show what depending on the agent passes on: the
 * runtime, and no ASM, no byte-buddy-agent, no JUnit, no class twice.
 *
 * <p>Nothing is installed into the shared ~/.m2: the project builds with a private local repository
 * ({@code -Dmaven.repo.local}) seeded with the reactor's artifacts (the agent with its dependency-reduced
 * POM, as install and deploy publish it), and Maven runs offline except for {@code file:} URLs
 * ({@code -o -Daether.offline.protocols=file}), with every repository mirrored to the shared local repository
 * read through {@code file://}: the plugins come from there, the network is never asked, and ~/.m2 is only read.
 */
class ConsumerProjectIT {
    private static final String MAIN = """
            package com.example;

            import io.jcoro.Suspendable;
            import io.jcoro.scheduler.Coroutines;
            import io.jcoro.scheduler.Scheduler;

            public class Main {
                @Suspendable
                static int count(int n) {
                    int sum = 0;
                    for (int i = 1; i <= n; i++) {
                        Coroutines.yieldNow();
                        sum += i;
                    }
                    return sum;
                }

                public static void main(String[] args) throws Exception {
                    try (Scheduler s = Scheduler.singleThreaded()) {
                        System.out.println("sum: " + s.blockOn(() -> count(10)));
                    }
                }
            }
            """;

    @TempDir
    static Path dir;
    static Path repo;
    static Path project;
    static String tree;
    static List<Path> classpath;
    static String build;

    @BeforeAll
    static void buildTheConsumer() throws Exception {
        Path mvn = onPath("mvn");
        assumeTrue(mvn != null, "no mvn on the PATH");
        Path m2 = Paths.get(System.getProperty("user.home"), ".m2", "repository");
        assumeTrue(Files.isDirectory(m2), "no local Maven repository at " + m2);
        String v = System.getProperty("jcoro.version");
        Path root = ArtifactSetIT.property("jcoro.root");

        repo = dir.resolve("repo");
        seed("jcoro-parent", v, root.resolve("pom.xml"), null);
        seed("jcoro-continuation-api", v, root.resolve("continuation-api/pom.xml"), ArtifactSetIT.property("jcoro.api.jar"));
        seed("jcoro-scheduler", v, root.resolve("scheduler/pom.xml"), ArtifactSetIT.property("jcoro.scheduler.jar"));
        seed("jcoro-agent", v, ArtifactSetIT.property("jcoro.agent.pom"), ArtifactSetIT.property("jcoro.agent.jar"));

        Path settings = dir.resolve("settings.xml");
        Files.writeString(settings, "<settings><mirrors><mirror><id>shared-local</id><mirrorOf>*</mirrorOf>"
                + "<url>" + m2.toUri() + "</url></mirror></mirrors></settings>\n");

        project = dir.resolve("consumer");
        Path source = project.resolve("src/main/java/com/example/Main.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, MAIN);
        Files.writeString(project.resolve("pom.xml"), """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>com.example</groupId><artifactId>consumer</artifactId><version>1</version>
                  <properties>
                    <maven.compiler.release>17</maven.compiler.release>
                    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
                  </properties>
                  <dependencies>
                    <dependency><groupId>io.jcoro</groupId><artifactId>jcoro-scheduler</artifactId><version>VERSION</version></dependency>
                    <dependency><groupId>io.jcoro</groupId><artifactId>jcoro-agent</artifactId><version>VERSION</version></dependency>
                  </dependencies>
                  <build>
                    <plugins>
                      <plugin><artifactId>maven-resources-plugin</artifactId><version>3.3.1</version></plugin>
                      <plugin><artifactId>maven-compiler-plugin</artifactId><version>3.13.0</version></plugin>
                    </plugins>
                  </build>
                </project>
                """.replace("VERSION", v));

        Path treeFile = dir.resolve("tree.txt");
        Path cpFile = dir.resolve("classpath.txt");
        List<String> command = List.of(mvn.toString(), "-B", "-q", "-o", "-Daether.offline.protocols=file",
                "-s", settings.toString(), "-Dmaven.repo.local=" + repo,
                "compile",
                "org.apache.maven.plugins:maven-dependency-plugin:3.8.1:tree", "-DoutputFile=" + treeFile,
                "org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath", "-Dmdep.outputFile=" + cpFile);
        Path log = dir.resolve("mvn.log");
        Process p = new ProcessBuilder(command).directory(project.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        p.getOutputStream().close();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("the consumer build did not finish in 300 s:\n" + Files.readString(log));
        }
        build = String.join(" ", command) + "\n" + Files.readString(log);
        assertEquals(0, p.exitValue(), build);
        tree = Files.readString(treeFile);
        classpath = new ArrayList<>();
        for (String entry : Files.readString(cpFile).trim().split(File.pathSeparator)) {
            classpath.add(Paths.get(entry));
        }
    }

    /** Puts {@code pom} (and {@code jar}) into the private repository as {@code mvn install} would. */
    private static void seed(String artifactId, String version, Path pom, Path jar) throws IOException {
        Path d = repo.resolve("io/jcoro").resolve(artifactId).resolve(version);
        Files.createDirectories(d);
        Files.copy(pom, d.resolve(artifactId + "-" + version + ".pom"));
        if (jar != null) {
            Files.copy(jar, d.resolve(artifactId + "-" + version + ".jar"));
        }
    }

    private static Path onPath(String command) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Paths.get(d, command);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    @Test
    void dependingOnTheAgentBringsTheRuntimeAndNothingItShades() {
        assertTrue(tree.contains("io.jcoro:jcoro-agent:jar:"), tree);
        assertTrue(tree.contains("io.jcoro:jcoro-scheduler:jar:"), tree);
        assertTrue(tree.contains("io.jcoro:jcoro-continuation-api:jar:"), tree);
        for (String absent : List.of("org.ow2.asm", "net.bytebuddy", "org.junit")) {
            assertFalse(tree.contains(absent), absent + " in the consumer's tree:\n" + tree);
        }
        assertEquals(3, classpath.size(), "the class path is the three jcoro jars: " + classpath);
    }

    @Test
    void noClassIsTwiceOnTheConsumersClassPath() throws IOException {
        Map<String, String> owner = new TreeMap<>();
        List<String> twice = new ArrayList<>();
        for (Path jar : classpath) {
            try (JarFile f = new JarFile(jar.toFile())) {
                for (Enumeration<JarEntry> e = f.entries(); e.hasMoreElements(); ) {
                    String name = e.nextElement().getName();
                    if (name.endsWith(".class")) {
                        String before = owner.putIfAbsent(name, jar.getFileName().toString());
                        if (before != null) {
                            twice.add(name + " in " + before + " and " + jar.getFileName());
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), twice);
        assertTrue(owner.size() > 300, "read the jars: " + owner.size() + " classes");
    }

    /** The program compiled against the runtime runs with {@code -javaagent:} on the agent jar Maven resolved. */
    @Test
    void theCompiledProgramRunsWithTheResolvedAgentJar() throws Exception {
        Path agent = classpath.stream().filter(p -> p.getFileName().toString().startsWith("jcoro-agent-"))
                .findFirst().orElseThrow(() -> new AssertionError("no agent jar on " + classpath));
        List<String> cp = new ArrayList<>();
        cp.add(project.resolve("target/classes").toString());
        classpath.stream().filter(p -> !p.equals(agent)).forEach(p -> cp.add(p.toString()));
        List<String> command = List.of(ItConfig.java().toString(), "-javaagent:" + agent,
                "-cp", String.join(File.pathSeparator, cp), "com.example.Main");
        JvmRun.Result r = JvmRun.execute(command);
        assertEquals(0, r.exitCode(), r::describe);
        assertEquals("sum: 55\n", r.stdout(), r::describe);
    }

    @Test
    void theResolvedAgentJarIsTheOneTheReactorBuilt() throws IOException {
        Path resolved = repo.resolve("io/jcoro/jcoro-agent").resolve(System.getProperty("jcoro.version"));
        Path jar = classpath.stream().filter(p -> p.startsWith(resolved)).findFirst()
                .orElseThrow(() -> new AssertionError(classpath + "\n" + build));
        assertEquals(-1L, Files.mismatch(jar, ArtifactSetIT.property("jcoro.agent.jar")));
        assertTrue(Files.isDirectory(repo.resolve("org/apache/maven/plugins/maven-dependency-plugin/3.8.1")),
                "the plugins were resolved into the private repository:\n" + build);
    }
}
