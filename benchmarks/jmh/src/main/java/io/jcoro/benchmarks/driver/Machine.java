package io.jcoro.benchmarks.driver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** One line about the machine, for BENCHMARKS.md. */
final class Machine {
    private Machine() {}

    static String describe() {
        int cores = Runtime.getRuntime().availableProcessors();
        String cpu = "";
        long memKb = 0;
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElse("");
            memKb = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal:"))
                    .map(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).findFirst().orElse(0L);
        } catch (IOException | RuntimeException e) {
            // not Linux: cores only
        }
        return String.format(Locale.ROOT, "%d cores%s%s, %s %s", cores, cpu.isEmpty() ? "" : " (" + cpu + ")",
                memKb == 0 ? "" : String.format(Locale.ROOT, ", %.0f GiB", memKb / 1048576.0),
                System.getProperty("os.name"), System.getProperty("os.version"));
    }
}
