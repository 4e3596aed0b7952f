package io.jcoro.weaver.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A class directory. Its files are visited sorted by path, so that a jar written from it has the same
 * entry order from one build to the next; the directories themselves are not entries.
 */
final class DirectoryInput implements WeaveInput {
    private final Path root;

    DirectoryInput(Path root) {
        this.root = root;
    }

    @Override
    public void forEach(Visitor visitor) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
        }
        for (Path file : files) {
            String name = root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
            visitor.visit(new Entry(name, Files.readAllBytes(file), Files.getLastModifiedTime(file), null));
        }
    }
}
