package io.jcoro.benchmarks.driver;

import java.util.List;
import java.util.stream.Collectors;

/** Command lines as BENCHMARKS.md shows them: paths relative to the repository, the class path as $CP. */
final class Commands {
    private Commands() {}

    static String display(List<String> command, Context ctx) {
        String root = ctx.settings.root() + "/";
        return command.stream()
                .map(arg -> arg.equals(ctx.classpath()) ? "$CP" : arg.replace(root, ""))
                .map(Commands::quote)
                .collect(Collectors.joining(" "));
    }

    private static String quote(String arg) {
        return arg.matches("[A-Za-z0-9_./:=,+@%$-]+") ? arg : "'" + arg.replace("'", "'\\''") + "'";
    }
}
