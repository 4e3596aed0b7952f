package io.jcoro.benchmarks.driver;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the benchmark figures and writes BENCHMARKS.md. Started by scripts/bench, which builds the
 * project and passes where the agent, the class path and the JDKs are; see {@link Settings}.
 * Every child process runs under a time limit, so a peer that hangs cannot hang the run.
 */
public final class BenchDriver {
    private BenchDriver() {}

    public static void main(String[] args) throws Exception {
        Settings settings = Settings.parse(args);
        Path work = settings.root().resolve("benchmarks/jmh/target/bench")
                .resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        Files.createDirectories(work);
        Context ctx = new Context(settings, work);
        Context.progress("profile " + settings.profile().key() + "; JDKs " + ctx.jdks().stream().map(Jdk::name).toList()
                + "; logs in " + work);
        List<Figure> figures = List.of(new RoundTripFigure(), new AwaitFigure(), new FastPathFigure(), new HeapFigure(),
                new StartupFigure(), new EchoFigure(), new ToolkitFigure());
        long start = System.nanoTime();
        List<Section> sections = new ArrayList<>();
        for (Figure figure : figures) {
            if (settings.runs(figure.key())) {
                sections.add(figure.run(ctx));
            }
        }
        long seconds = (System.nanoTime() - start) / 1_000_000_000;
        String markdown = Report.markdown(ctx, sections, seconds);
        Report.write(settings.output(), markdown);
        Report.write(work.resolve("BENCHMARKS.md"), markdown);
        System.out.println();
        System.out.println(markdown.substring(0, markdown.indexOf("## Commands")));
        Context.progress("wrote " + settings.output() + " in " + seconds / 60 + " min " + seconds % 60 + " s");
    }
}
