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
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small Maven project that weaves at build time with jcoro-maven-plugin (goals weave and weave-tests),
 * then runs its program and a suspendable class of its tests with {@code java -cp classes:runtime jars}
 * and no agent. Built as {@link ConsumerProjectIT} builds its project: a private local repository seeded
 * with the reactor's artifacts (here also the plugin), offline but for {@code file:} mirrors of ~/.m2.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WeavingProjectIT {
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
    /** In the test sources: woven by weave-tests, calling into the main classes woven by weave. */
    private static final String TWICE = """
            package com.example;

            import io.jcoro.Suspendable;
            import io.jcoro.scheduler.Coroutines;
            import io.jcoro.scheduler.Scheduler;

            public class Twice {
                @Suspendable
                static int twice(int n) {
                    Coroutines.yieldNow();
                    int once = Main.count(n);
                    Coroutines.yieldNow();
                    return 2 * once;
                }

                public static void main(String[] args) throws Exception {
                    try (Scheduler s = Scheduler.singleThreaded()) {
                        System.out.println("twice: " + s.blockOn(() -> twice(4)));
                    }
                }
            }
            """;
    /**
     * Suspends in a lambda of a dependency's callback interface, which only the dependency's
     * META-INF/jcoro/suspendables makes suspendable: woven only if the plugin weaves with the compile
     * class path.
     */
    private static final String SHOUT = """
            package com.example;

            import com.example.stages.Stage;
            import io.jcoro.Suspendable;
            import io.jcoro.scheduler.Coroutines;
            import io.jcoro.scheduler.Scheduler;

            public class Shout {
                @Suspendable
                static String twice(Stage stage, String s) {
                    return stage.apply(stage.apply(s));
                }

                public static void main(String[] args) throws Exception {
                    Stage loud = s -> {
                        String upper = s.toUpperCase();
                        Coroutines.yieldNow();
                        return upper + "!";
                    };
                    try (Scheduler s = Scheduler.singleThreaded()) {
                        System.out.println("shout: " + s.blockOn(() -> twice(loud, "hey")));
                    }
                }
            }
            """;
    /** The dependency: a callback interface, no jcoro on its class path. */
    private static final String STAGE = """
            package com.example.stages;

            public interface Stage {
                String apply(String input);
            }
            """;
    private static final String POM = """
            <project xmlns="http://maven.apache.org/POM/4.0.0">
              <modelVersion>4.0.0</modelVersion>
              <groupId>com.example</groupId><artifactId>woven</artifactId><version>1</version>
              <properties>
                <maven.compiler.release>17</maven.compiler.release>
                <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
              </properties>
              <dependencies>
                <dependency><groupId>io.jcoro</groupId><artifactId>jcoro-scheduler</artifactId><version>VERSION</version></dependency>
                <dependency><groupId>com.example</groupId><artifactId>stages</artifactId><version>1</version></dependency>
              </dependencies>
              <build>
                <plugins>
                  <plugin><artifactId>maven-resources-plugin</artifactId><version>3.3.1</version></plugin>
                  <plugin><artifactId>maven-compiler-plugin</artifactId><version>3.13.0</version></plugin>
                  <plugin>
                    <groupId>io.jcoro</groupId><artifactId>jcoro-maven-plugin</artifactId><version>VERSION</version>
                    <configuration><verbose>true</verbose></configuration>
                    <executions><execution><goals><goal>weave</goal><goal>weave-tests</goal></goals></execution></executions>
                  </plugin>
                </plugins>
              </build>
            </project>
            """;

    @TempDir
    static Path dir;
    static Path repo;
    static Path settings;
    static Path project;
    static String build;
    static Path stagesJar;

    @BeforeAll
    static void buildTheProject() throws Exception {
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
        seed("jcoro-weaver", v, root.resolve("weaver/pom.xml"), ArtifactSetIT.property("jcoro.weaver.jar"));
        seed("jcoro-maven-plugin", v, ArtifactSetIT.property("jcoro.plugin.pom"), ArtifactSetIT.property("jcoro.plugin.jar"));

        stagesJar = stagesJar(dir.resolve("stages"));
        Path stages = repo.resolve("com/example/stages/1");
        Files.createDirectories(stages);
        Files.copy(stagesJar, stages.resolve("stages-1.jar"));
        Files.writeString(stages.resolve("stages-1.pom"), "<project xmlns=\"http://maven.apache.org/POM/4.0.0\">"
                + "<modelVersion>4.0.0</modelVersion><groupId>com.example</groupId><artifactId>stages</artifactId>"
                + "<version>1</version></project>\n");

        settings = dir.resolve("settings.xml");
        Files.writeString(settings, "<settings><mirrors><mirror><id>shared-local</id><mirrorOf>*</mirrorOf>"
                + "<url>" + m2.toUri() + "</url></mirror></mirrors></settings>\n");

        project = dir.resolve("woven");
        write(project.resolve("src/main/java/com/example/Main.java"), MAIN);
        write(project.resolve("src/test/java/com/example/Twice.java"), TWICE);
        write(project.resolve("src/main/java/com/example/Shout.java"), SHOUT);
        write(project.resolve("pom.xml"), POM.replace("VERSION", v));
        build = maven(mvn, "process-test-classes");
    }

    /** The dependency's jar: Stage, and a declarations file that makes its apply suspendable. */
    private static Path stagesJar(Path work) throws IOException {
        Path src = work.resolve("src/com/example/stages/Stage.java");
        write(src, STAGE);
        Path classes = work.resolve("classes");
        assertEquals(0, javax.tools.ToolProvider.getSystemJavaCompiler().run(null, null, null,
                "--release", "17", "-d", classes.toString(), src.toString()));
        write(classes.resolve("META-INF/jcoro/suspendables"), "com.example.stages.Stage#apply\n");
        Path jar = work.resolve("stages-1.jar");
        try (java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar));
                java.util.stream.Stream<Path> files = Files.walk(classes)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                out.putNextEntry(new java.util.jar.JarEntry(classes.relativize(f).toString().replace(File.separatorChar, '/')));
                out.write(Files.readAllBytes(f));
                out.closeEntry();
            }
        }
        return jar;
    }

    private static String maven(Path mvn, String phase) throws IOException, InterruptedException {
        List<String> command = List.of(mvn.toString(), "-B", "-o", "-Daether.offline.protocols=file",
                "-s", settings.toString(), "-Dmaven.repo.local=" + repo, phase);
        Path log = dir.resolve("mvn-" + System.nanoTime() + ".log");
        Process p = new ProcessBuilder(command).directory(project.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        p.getOutputStream().close();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("the build did not finish in 300 s:\n" + Files.readString(log));
        }
        String out = String.join(" ", command) + "\n" + Files.readString(log);
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
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

    private static JvmRun.Result runWithoutAgent(String mainClass, Path... classes) throws Exception {
        List<String> cp = new ArrayList<>();
        for (Path c : classes) {
            cp.add(c.toString());
        }
        RuntimeJars.classpath().forEach(p -> cp.add(p.toString()));
        return JvmRun.execute(List.of(ItConfig.java().toString(), "-cp", String.join(File.pathSeparator, cp), mainClass));
    }

    @Test
    void bothGoalsRanAndWove() {
        assertTrue(build.contains("jcoro-maven-plugin:" + System.getProperty("jcoro.version") + ":weave"), build);
        assertTrue(build.contains("jcoro-maven-plugin:" + System.getProperty("jcoro.version") + ":weave-tests"), build);
        assertTrue(build.contains("com.example.Main.count(I)I: WOVEN"), build);
        assertTrue(build.contains("com.example.Twice.twice(I)I: WOVEN"), build);
        assertTrue(build.contains("jcoro weave: 1 classes, 1 woven"), build);
    }

    @Test
    void theWovenProgramRunsWithoutTheAgent() throws Exception {
        JvmRun.Result r = runWithoutAgent("com.example.Main", project.resolve("target/classes"));
        assertEquals(0, r.exitCode(), r::describe);
        assertEquals("sum: 55\n", r.stdout(), r::describe);
    }

    /**
     * The plugin weaves with the compile class path, dependencies and their META-INF/jcoro/suspendables
     * included: the lambda of the dependency's interface is woven (not guarded with a warning that the
     * interface is missing), and suspends when the program runs without the agent.
     */
    @Test
    void aDependencysDeclaredCallbackIsWoven() throws Exception {
        assertTrue(build.contains("com.example.Shout.lambda$main$0(Ljava/lang/String;)Ljava/lang/String;: WOVEN"), build);
        assertTrue(build.contains("com.example.Shout.twice(Lcom/example/stages/Stage;Ljava/lang/String;)Ljava/lang/String;: WOVEN"),
                build);
        assertFalse(build.contains("left unwoven"), build);
        JvmRun.Result r = runWithoutAgent("com.example.Shout", project.resolve("target/classes"), stagesJar);
        assertEquals(0, r.exitCode(), r::describe);
        assertEquals("shout: HEY!!\n", r.stdout(), r::describe);
    }

    @Test
    void theWovenTestClassesRunWithoutTheAgent() throws Exception {
        JvmRun.Result r = runWithoutAgent("com.example.Twice", project.resolve("target/test-classes"),
                project.resolve("target/classes"));
        assertEquals(0, r.exitCode(), r::describe);
        assertEquals("twice: 20\n", r.stdout(), r::describe);
    }

    /**
     * A build without clean weaves the woven classes again: they carry the marker and are left alone.
     * Last: it rebuilds the project the other tests run.
     */
    @Test
    @Order(Integer.MAX_VALUE)
    void aSecondBuildLeavesTheWovenClassesAlone() throws Exception {
        Path main = project.resolve("target/classes/com/example/Main.class");
        byte[] woven = Files.readAllBytes(main);
        String again = maven(onPath("mvn"), "process-classes");
        assertTrue(java.util.Arrays.equals(woven, Files.readAllBytes(main)), "Main.class changed:\n" + again);
        assertTrue(again.contains("woven before"), again);
    }
}
