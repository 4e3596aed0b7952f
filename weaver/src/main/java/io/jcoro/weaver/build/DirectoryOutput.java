package io.jcoro.weaver.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Writes a class directory. Entries are staged in a temporary directory beside the destination; on commit
 * a destination that does not exist yet is that directory, renamed, and an existing one gets each staged
 * file moved over its own (one rename per file: a file is always whole, old or new). In place only the
 * changed class files are staged: the others are already there, byte for byte. Written files keep the
 * input's modification time, so that tools comparing times see the class as built from the same source.
 */
final class DirectoryOutput implements WeaveOutput {
    private final Path destination;
    private final Path staging;
    private final boolean inPlace;

    DirectoryOutput(Path destination, boolean inPlace) throws IOException {
        this.destination = destination.toAbsolutePath();
        this.inPlace = inPlace;
        Path parent = this.destination.getParent();
        Files.createDirectories(parent);
        this.staging = Files.createTempDirectory(parent, "." + this.destination.getFileName() + ".weaving");
    }

    @Override
    public void put(Entry entry, byte[] bytes, boolean changed) throws IOException {
        if (inPlace && !changed) {
            return;
        }
        Path target = staging.resolve(entry.name());
        if (!target.normalize().startsWith(staging)) {
            throw new IOException("jcoro weave: the entry " + entry.name() + " would be written outside " + destination);
        }
        if (entry.isDirectory()) {
            Files.createDirectories(target);
            return;
        }
        Files.createDirectories(target.getParent());
        Files.write(target, bytes);
        if (entry.time() != null) {
            Files.setLastModifiedTime(target, entry.time());
        }
    }

    @Override
    public void commit() throws IOException {
        if (!Files.exists(destination)) {
            Files.move(staging, destination, StandardCopyOption.ATOMIC_MOVE);
            return;
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(staging)) {
            files = walk.filter(p -> !p.equals(staging)).collect(Collectors.toList());
        }
        for (Path staged : files) {
            Path target = destination.resolve(staging.relativize(staged).toString());
            if (Files.isDirectory(staged)) {
                Files.createDirectories(target);
            } else {
                Files.createDirectories(target.getParent());
                Files.move(staged, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        }
        delete(staging);
    }

    @Override
    public void abort() {
        try {
            delete(staging);
        } catch (IOException | RuntimeException e) {
            // the destination was not touched; a leftover hidden temporary directory is all
        }
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        List<Path> all;
        try (Stream<Path> walk = Files.walk(dir)) {
            all = walk.sorted(Comparator.reverseOrder()).collect(Collectors.toList());
        }
        for (Path p : all) {
            Files.deleteIfExists(p);
        }
    }
}
