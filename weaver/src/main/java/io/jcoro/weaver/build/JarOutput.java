package io.jcoro.weaver.build;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a jar to a temporary file beside the destination, then moves it over the destination in one
 * rename: a reader sees the old jar or the new one, never half of one (also when weaving a jar in place).
 * Entries keep their order, times, compression method, extra fields and comments, so that the same input
 * gives the same jar (reproducible builds).
 */
final class JarOutput implements WeaveOutput {
    private final Path destination;
    private final Path temp;
    private final ZipOutputStream zip;

    JarOutput(Path destination) throws IOException {
        this.destination = destination.toAbsolutePath();
        Path parent = this.destination.getParent();
        Files.createDirectories(parent);
        this.temp = Files.createTempFile(parent, "." + this.destination.getFileName(), ".weaving");
        this.zip = new ZipOutputStream(Files.newOutputStream(temp));
    }

    @Override
    public void put(Entry entry, byte[] bytes, boolean changed) throws IOException {
        ZipEntry out;
        if (entry.zip() != null) {
            out = new ZipEntry(entry.zip());
            out.setCompressedSize(-1); // recompressed: the size the input had need not match
            if (out.getMethod() == ZipEntry.STORED && changed) {
                stored(out, bytes);
            }
        } else {
            out = new ZipEntry(entry.isDirectory() && !entry.name().endsWith("/") ? entry.name() + "/" : entry.name());
            out.setTime(entry.time().toMillis());
        }
        zip.putNextEntry(out);
        if (bytes != null) {
            zip.write(bytes);
        }
        zip.closeEntry();
    }

    /** A stored (uncompressed) entry must state its size and checksum before its data. */
    private static void stored(ZipEntry e, byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        e.setSize(bytes.length);
        e.setCompressedSize(bytes.length);
        e.setCrc(crc.getValue());
    }

    @Override
    public void commit() throws IOException {
        zip.close();
        Files.move(temp, destination, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public void abort() {
        try (OutputStream ignored = zip) {
            // closing only
        } catch (IOException | RuntimeException e) {
            // the temporary file is deleted below all the same
        }
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            // nothing more to do: the destination was not touched
        }
    }
}
