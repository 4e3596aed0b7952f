package io.jcoro.agent;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * What the agent runs through its transformer before registering it: once for a class it excludes and
 * once for a plain class it passes by. Every JDK class those two paths need is then loaded: were one
 * loaded only later, from inside the transformer, the JVM would hand it to the transformer while it is
 * loading it, and the transformer, needing it to answer, would fail with a {@code ClassCircularityError}
 * (an iterator class of {@code List.of}, say). Nothing heavier is warmed: the weaving path (ASM) loads
 * when a class first needs weaving, from inside the transformer, where the classes it loads are excluded
 * ({@code io/jcoro/}, {@code java/}) and so meet only the path warmed here.
 *
 * <p>The plain class is made here, not one of the agent's own: a class of the agent names {@code io/jcoro/}
 * (its own name, its nest host), which sends it down the path of classes that use jcoro (a full parse,
 * with ASM), not the one an application's plain class takes, and would load ASM into every JVM the agent
 * starts in.
 */
final class Warmup {
    /** The plain class's name: outside {@code io/jcoro/}, as an application's class is. */
    static final String PLAIN = "jcorowarmup/Plain";

    private Warmup() {}

    static void run(JcoroTransformer transformer) {
        ClassLoader loader = Warmup.class.getClassLoader();
        byte[] plain = plainClassFile();
        transformer.transform(loader, "java/lang/Object", null, null, plain); // excluded
        transformer.transform(loader, PLAIN, plain); // scanned and passed by
    }

    /** {@code final class jcorowarmup.Plain}: a constant pool of its name and its superclass's, no members. */
    static byte[] plainClassFile() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(0xCAFEBABE);
            out.writeShort(0); // minor version
            out.writeShort(52); // Java 8
            out.writeShort(5); // constant pool count: entries 1 to 4
            out.writeByte(1); // #1 Utf8 (modified UTF-8 with its length: what writeUTF writes)
            out.writeUTF(PLAIN);
            out.writeByte(7); // #2 Class #1
            out.writeShort(1);
            out.writeByte(1); // #3 Utf8
            out.writeUTF("java/lang/Object");
            out.writeByte(7); // #4 Class #3
            out.writeShort(3);
            out.writeShort(0x0030); // ACC_FINAL | ACC_SUPER
            out.writeShort(2); // this class
            out.writeShort(4); // superclass
            out.writeShort(0); // interfaces
            out.writeShort(0); // fields
            out.writeShort(0); // methods
            out.writeShort(0); // attributes
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen: the stream is in memory
        }
        return bytes.toByteArray();
    }
}
